/**
 * The database remembers that it holds the demo library (a `library_facts`
 * row written in the demo seed's own transaction), so a production start on
 * it refuses: the demo's patrons and its librarian account, whose password
 * the README prints, must never serve a real library.
 */
import type { Kysely } from 'kysely';
import { type Config, ConfigError } from '../config.ts';
import type { Database } from '../db/schema.ts';

const DEMO_LIBRARY = 'demo-library';

/** Records that this database holds the demo; pass the seed's transaction. */
export async function rememberDemoLibrary(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .insertInto('library_facts')
    .values({ fact: DEMO_LIBRARY, recorded_at: now })
    .onConflict((oc) => oc.column('fact').doNothing())
    .execute();
}

/** In production, refuses a database that holds the demo library, naming the database and how to go on. */
export async function refuseDemoLibraryInProduction(
  db: Kysely<Database>,
  config: Pick<Config, 'production' | 'databaseUrl' | 'dataDir'>,
): Promise<void> {
  if (!config.production) return;
  const demo = await db.selectFrom('library_facts').select('recorded_at').where('fact', '=', DEMO_LIBRARY).executeTakeFirst();
  if (!demo) return;
  throw new ConfigError(
    `NODE_ENV=production, but ${databaseName(config)} holds the demo library (loaded ${demo.recorded_at.toISOString()} by seed-demo ` +
      `or a development start): point ${config.databaseUrl ? 'DATABASE_URL' : 'DATA_DIR'} at the library's own database`,
  );
}

/** The database as an operator knows it, without the password a DATABASE_URL may carry. */
function databaseName(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  const host = url.host || url.searchParams.get('host') || 'the local server';
  return `the database "${decodeURIComponent(url.pathname.slice(1))}" on ${host}`;
}
