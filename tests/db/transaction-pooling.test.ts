/**
 * DATABASE_TRANSACTION_POOLING (SPEC §15): behind PgBouncer in transaction
 * mode the service leaves nothing on a server connection and sends nothing
 * at connection start that PgBouncer refuses, yet the statement timeout
 * still holds, inside transactions and outside. Run directly on the test
 * cluster in the main project and through Debian's PgBouncer in the
 * `pgbouncer` project, where it also checks what an operator who forgot the
 * setting is told.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase } from '../../src/bootstrap.ts';
import { type AppDatabase, openPostgres, storeSessionDefaults } from '../../src/db/database.ts';
import { testConfig } from '../support/app.ts';
import { createPostgresDatabaseUrl } from '../support/db.ts';

const poolerUrl = inject('postgresPoolerUrl');

/** The database's URL as the service would reach it here: through PgBouncer in its project, directly otherwise. */
function serviceUrl(directUrl: string): string {
  if (!poolerUrl) return directUrl;
  const url = new URL(poolerUrl);
  url.pathname = new URL(directUrl).pathname;
  return url.toString();
}

describe.skipIf(!inject('postgresTemplateUrl'))('transaction pooling', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A new database, its timeout stored first over a direct connection, then opened as the service opens it here. */
  async function pooled(statementTimeoutMs: number): Promise<AppDatabase> {
    const created = await createPostgresDatabaseUrl();
    cleanups.push(created.drop);
    // Stored before any connection of the pool exists: PgBouncer keeps server connections, and a
    // role default applies to those opened after it (the README says how an operator renews the others).
    const direct = openPostgres({ url: created.url, poolSize: 1 });
    await storeSessionDefaults(direct.db, statementTimeoutMs);
    await direct.close();
    const database = openPostgres({ url: serviceUrl(created.url), poolSize: 4, statementTimeoutMs, transactionPooling: true });
    cleanups.push(database.close);
    return database;
  }

  it('holds the timeout inside every transaction and outside them', async () => {
    const { db } = await pooled(300);
    const shown = (tx: typeof db) => sql<{ statement_timeout: string }>`show statement_timeout`.execute(tx);
    expect((await db.transaction().execute(shown)).rows[0]!.statement_timeout).toBe('300ms');
    expect((await shown(db)).rows[0]!.statement_timeout).toBe('300ms');
    const sleep = (tx: typeof db) => sql`select pg_sleep(2)`.execute(tx);
    await expect(db.transaction().execute(sleep)).rejects.toThrow(/statement timeout/);
    await expect(sleep(db)).rejects.toThrow(/statement timeout/);
  });

  it('runs statements without parallel workers, pooled or direct', async () => {
    const shown = (db: AppDatabase['db']) =>
      sql<{ max_parallel_workers_per_gather: string }>`show max_parallel_workers_per_gather`.execute(db);
    const { db } = await pooled(30_000);
    expect((await shown(db)).rows[0]!.max_parallel_workers_per_gather).toBe('0');
    const created = await createPostgresDatabaseUrl();
    cleanups.push(created.drop);
    const direct = openPostgres({ url: created.url, poolSize: 1 });
    cleanups.push(direct.close);
    expect((await shown(direct.db)).rows[0]!.max_parallel_workers_per_gather).toBe('0');
  });

  it('sets it inside a transaction even where no default was stored', async () => {
    const created = await createPostgresDatabaseUrl();
    cleanups.push(created.drop);
    const database = openPostgres({ url: serviceUrl(created.url), poolSize: 1, statementTimeoutMs: 250, transactionPooling: true });
    cleanups.push(database.close);
    const inside = await database.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute((tx) => sql<{ statement_timeout: string }>`show statement_timeout`.execute(tx));
    expect(inside.rows[0]!.statement_timeout).toBe('250ms');
  });

  it('keeps no named prepared statements on a server connection', async () => {
    const { db } = await pooled(30_000);
    const { accountPageData } = await import('../../src/account/account.repo.ts');
    await accountPageData(db, { patronId: 1, sessionId: 'none', today: '2026-12-01' }, testConfig().rules);
    const prepared = await db
      .transaction()
      .execute((tx) => sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(tx));
    expect(prepared.rows[0]!.n).toBe(0);
  });

  it.skipIf(!poolerUrl)(
    'tells the operator to set DATABASE_TRANSACTION_POOLING when PgBouncer refuses the start, and starts with it',
    async () => {
      const created = await createPostgresDatabaseUrl();
      cleanups.push(created.drop);
      const url = serviceUrl(created.url);
      await expect(openDatabase(testConfig({ databaseUrl: url }))).rejects.toThrow(
        /unsupported startup parameter.*set DATABASE_TRANSACTION_POOLING=1/,
      );
      const database = await openDatabase(testConfig({ databaseUrl: url, databaseTransactionPooling: true }));
      cleanups.push(database.close);
      const stored = await sql<{ setconfig: string[] }>`select setconfig from pg_db_role_setting s
      join pg_database d on d.oid = s.setdatabase where d.datname = current_database()`.execute(database.db);
      expect(stored.rows[0]!.setconfig).toEqual(['statement_timeout=30000', 'max_parallel_workers_per_gather=0']);
    },
  );
});
