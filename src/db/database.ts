/**
 * Kysely on a PostgreSQL server (`pg`) or on the embedded PGlite, with the
 * same types and queries on both. Calendar dates stay 'YYYY-MM-DD' strings
 * and counts come back as numbers on both drivers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, type LogEvent, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface AppDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** PGlite only: the whole data folder as a tarball (tests start copies from it). */
  dumpDataDir?: () => Promise<Blob>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const keepText = (value: string) => value;

/** pg's process-wide parsers: dates as text, bigint counts as numbers. */
pg.types.setTypeParser(DATE_OID, keepText);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));

const pgliteParsers = {
  [DATE_OID]: keepText,
  [INT8_OID]: (value: string) => Number(value),
  [NUMERIC_OID]: (value: string) => Number(value),
};

export interface PostgresOptions {
  url: string;
  poolSize?: number;
  /** Milliseconds a statement may run before the server cancels it. */
  statementTimeoutMs?: number;
  /** Statements at least this slow (ms) are logged with their duration; 0 or absent: none. */
  slowQueryMs?: number;
  /**
   * Behind a pooler in transaction mode (PgBouncer): each transaction may
   * run on another server connection, so nothing is left on a connection
   * for later (no named prepared statements) and nothing is sent at
   * connection start that PgBouncer refuses (statement_timeout).
   */
  transactionPooling?: boolean;
}

/**
 * Kysely's log hook, keeping only slow statements: an operator sees which
 * query made a page slow, and fast ones cost nothing but a comparison.
 */
export function slowQueryLogger(thresholdMs: number | undefined): ((event: LogEvent) => void) | undefined {
  if (!thresholdMs) return undefined;
  return (event) => {
    if (event.level === 'query' && event.queryDurationMillis >= thresholdMs) {
      const text = event.query.sql.replace(/\s+/g, ' ').slice(0, 500);
      console.warn(`slow query (${Math.round(event.queryDurationMillis)} ms): ${text}`);
    }
  };
}

/**
 * Statements PostgreSQL keeps parsed and planned on each connection, by
 * their text (a named prepared statement): planning the account page's
 * nested statement cost the server more than running it. Opt-in, since the
 * cached generic plan would not suit a statement whose best plan depends on
 * its values (catalog search). PGlite runs every statement unnamed.
 */
const preparedNames = new Map<string, string>();

/** Runs `sqlText` as the prepared statement `name` on PostgreSQL from now on. */
export function prepareOnPostgres(name: string, sqlText: string): void {
  for (const [text, known] of preparedNames) {
    if (known === name && text !== sqlText) throw new Error(`prepared statement ${name} already names another statement`);
  }
  preparedNames.set(sqlText, name);
}

/** The prepared statement's name for this text, if it was given one. */
export function preparedStatementName(sqlText: string): string | undefined {
  return preparedNames.get(sqlText);
}

/** Sends the statements given a name by prepareOnPostgres as named ones (Kysely passes only text and values). */
function namePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' ? preparedNames.get(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  }) as typeof client.query;
}

/** Kysely's `begin` and `start transaction …`, the only statements that open a transaction here. */
const TRANSACTION_START = /^(begin|start transaction\b)/;

/**
 * Behind a transaction pooler, sets the statement timeout inside each
 * transaction Kysely opens (SET LOCAL, sent with the BEGIN in one round
 * trip: without parameters, pg uses the simple protocol, which takes both).
 * Statements outside a transaction get it from the role's default
 * (storeSessionDefaults), which every new server connection reads.
 */
function timeTransactions(client: pg.PoolClient, statementTimeoutMs: number): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const opens = typeof text === 'string' && TRANSACTION_START.test(text) && (!Array.isArray(values) || values.length === 0);
    return opens ? query(`${text}; set local statement_timeout = ${statementTimeoutMs}`) : query(...args);
  }) as typeof client.query;
}

/**
 * No parallel workers for the service's statements. They cut one query's
 * time by spending idle cores, but a web service's statements run side by
 * side, so under load they take the cores of other requests: over the
 * load benchmark's search mix, parallel plans doubled PostgreSQL's CPU a
 * search (76.6 against 31.6 ms, before the search walked its pages).
 */
const PARALLEL_WORKERS_PER_QUERY = 0;

/**
 * The statement timeout and the parallel workers as this role's defaults in
 * this database, for a pooler that cannot pass them at connection start:
 * the server applies them to every connection the pooler opens from then
 * on. A role may set its own defaults; the values are the service's, so
 * setting them again is harmless.
 */
export async function storeSessionDefaults(db: Kysely<Database>, statementTimeoutMs: number): Promise<void> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const role = sql`alter role current_user in database ${sql.id(rows[0]!.name)}`;
  await sql`${role} set statement_timeout = ${sql.lit(statementTimeoutMs)}`.execute(db);
  await sql`${role} set max_parallel_workers_per_gather = ${sql.lit(PARALLEL_WORKERS_PER_QUERY)}`.execute(db);
}

/** Connects to a PostgreSQL server (directly, or through a pooler with `transactionPooling`). */
export function openPostgres(options: PostgresOptions): AppDatabase {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.transactionPooling
      ? {}
      : { statement_timeout: statementTimeoutMs, options: `-c max_parallel_workers_per_gather=${PARALLEL_WORKERS_PER_QUERY}` }),
  });
  // An idle client losing its server (a restart) must not crash the process.
  pool.on('error', (error) => console.error(`database pool: ${error.message}`));
  pool.on('connect', (client) => {
    if (options.transactionPooling) timeTransactions(client, statementTimeoutMs);
    else namePreparedStatements(client);
    // A checked-out client whose server went away (EPIPE on its socket) emits 'error' besides failing its query:
    // the query's rejection is what the request handles, and the event must not end the process.
    client.on('error', (error) => console.error(`database connection: ${error.message}`));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: slowQueryLogger(options.slowQueryMs) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * Opens the embedded database in `dataDir` (created if missing; from the
 * `restoreFrom` tarball, a backup, when it is new). The folder belongs to
 * one process at a time: a second one stops with a clear message instead of
 * corrupting it.
 */
export async function openPglite(dataDir: string, slowQueryMs?: number, restoreFrom?: Blob): Promise<AppDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create({
      dataDir: path.join(dataDir, 'pgdata'),
      loadDataDir: restoreFrom,
      parsers: pgliteParsers,
      extensions: { pg_trgm },
    });
    return wrapPglite(pglite, lock.release, slowQueryMs);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** An in-memory PGlite, optionally started from a dumped data folder (tests). */
export async function openMemoryPglite(loadDataDir?: Blob): Promise<AppDatabase> {
  const pglite = await PGlite.create({ parsers: pgliteParsers, extensions: { pg_trgm }, loadDataDir });
  return wrapPglite(pglite, () => {});
}

function wrapPglite(pglite: PGlite, release: () => void, slowQueryMs?: number): AppDatabase {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: slowQueryLogger(slowQueryMs) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      release();
    },
  };
}
