/**
 * The library calendar as a librarian keeps it: a closure runs from one day
 * to another (年末年始, 蔵書点検期間) instead of one row per date, and an
 * explicit open day (a special opening) overrides every other rule. The
 * existing one-day closures become ranges of one day.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE library_closures ADD COLUMN closed_until date`.execute(db);
  await sql`UPDATE library_closures SET closed_until = closed_on`.execute(db);
  await sql`ALTER TABLE library_closures ALTER COLUMN closed_until SET NOT NULL`.execute(db);
  await sql`ALTER TABLE library_closures ADD CONSTRAINT library_closures_range CHECK (closed_until >= closed_on)`.execute(db);
  await sql`CREATE TABLE library_open_days (
     open_on date PRIMARY KEY,
     note text NOT NULL DEFAULT ''
   )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE library_open_days`.execute(db);
  // Each day of a range becomes a one-day closure of its own, as the table held them before.
  await sql`INSERT INTO library_closures (closed_on, closed_until, reason)
     SELECT day::date, day::date, c.reason
       FROM library_closures c, generate_series(c.closed_on + 1, c.closed_until, interval '1 day') AS day
     ON CONFLICT (closed_on) DO NOTHING`.execute(db);
  await sql`ALTER TABLE library_closures DROP CONSTRAINT library_closures_range`.execute(db);
  await sql`ALTER TABLE library_closures DROP COLUMN closed_until`.execute(db);
}
