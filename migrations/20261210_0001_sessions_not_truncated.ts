/**
 * Vacuum never cuts the empty end off the tables of short-lived rows that
 * patrons' requests read. To cut it, autovacuum holds an exclusive lock on
 * the table while it scans back from the end and writes the cut to the
 * write-ahead log; every request that reads the table waits meanwhile. On
 * the load benchmark (durable settings), each autovacuum of sessions after
 * a busy minute held all six database connections 64–113 ms on their
 * first read of it, and that was the slowest 1% of the account page. These
 * tables refill the space within minutes anyway, and a replica replays the
 * same lock over its own searches.
 */
import { type Kysely, sql } from 'kysely';

/** Rows of minutes to weeks: a session, a cart line, the counts that slow repeated sign-ins. */
const tables = ['sessions', 'cart_items', 'sign_in_counts', 'login_throttles'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} SET (vacuum_truncate = false)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...tables].reverse()) await sql`ALTER TABLE ${sql.table(table)} RESET (vacuum_truncate)`.execute(db);
}
