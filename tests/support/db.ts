/**
 * Test databases: a fresh, migrated database per call, on PGlite (from the
 * dumped template) or on the throwaway PostgreSQL server (CREATE DATABASE …
 * TEMPLATE). `databaseKinds` lists the kinds this run has, so a suite can
 * `describe.each(databaseKinds)` and run on both.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type AppDatabase, type DatabaseKind, openMemoryPglite, openPostgres, storeSessionDefaults } from '../../src/db/database.ts';

/** Through PgBouncer, only PostgreSQL: the same suite already ran on PGlite in the main project. */
export const databaseKinds: DatabaseKind[] = inject('postgresPoolerUrl')
  ? ['postgres']
  : inject('postgresTemplateUrl')
    ? ['pglite', 'postgres']
    : ['pglite'];

let templateBlob: Blob | undefined;

export async function createTestDatabase(kind: DatabaseKind, options: { poolSize?: number } = {}): Promise<AppDatabase> {
  if (kind === 'pglite') {
    templateBlob ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openMemoryPglite(templateBlob);
  }
  const created = await createPostgresDatabaseUrl();
  const database = await openTestPostgres(created.url, options.poolSize ?? 10);
  return {
    ...database,
    close: async () => {
      await database.close();
      await created.drop();
    },
  };
}

/** A test database directly, or in the `pgbouncer` project through PgBouncer as the service runs behind it. */
async function openTestPostgres(url: string, poolSize: number): Promise<AppDatabase> {
  const poolerUrl = inject('postgresPoolerUrl');
  if (!poolerUrl) return openPostgres({ url, poolSize });
  const throughPooler = new URL(poolerUrl);
  throughPooler.pathname = new URL(url).pathname;
  const database = openPostgres({ url: throughPooler.toString(), poolSize, transactionPooling: true });
  await storeSessionDefaults(database.db, 30_000);
  return database;
}

/**
 * The connection URL of a new PostgreSQL database, migrated (from the
 * template) or, with `empty`, with no tables at all.
 */
export async function createPostgresDatabaseUrl(options: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const templateUrl = inject('postgresTemplateUrl');
  if (!templateUrl) throw new Error('no PostgreSQL test server in this run');
  const url = new URL(templateUrl);
  const template = options.empty ? 'template0' : url.pathname.slice(1);
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin(templateUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(templateUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(templateUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(templateUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
