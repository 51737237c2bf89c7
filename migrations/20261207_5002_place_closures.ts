/**
 * A calendar per library place: a closure may be one place's (a branch
 * closed for its own stocktaking) instead of the whole library's (place
 * null). Two closures may now start on the same day at different places;
 * the whole library's count as one place among them (NULLS NOT DISTINCT).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE library_closures ADD COLUMN place text REFERENCES pickup_places (code)`.execute(db);
  await sql`ALTER TABLE library_closures DROP CONSTRAINT library_closures_pkey`.execute(db);
  await sql`ALTER TABLE library_closures ADD CONSTRAINT library_closures_start UNIQUE NULLS NOT DISTINCT (closed_on, place)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // A place's closure has no home in the one-calendar table: it goes, the library's stay.
  await sql`DELETE FROM library_closures WHERE place IS NOT NULL`.execute(db);
  await sql`ALTER TABLE library_closures DROP CONSTRAINT library_closures_start`.execute(db);
  await sql`ALTER TABLE library_closures ADD PRIMARY KEY (closed_on)`.execute(db);
  await sql`ALTER TABLE library_closures DROP COLUMN place`.execute(db);
}
