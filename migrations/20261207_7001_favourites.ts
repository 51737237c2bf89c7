/**
 * お気に入り (今度読みたい本, SPEC §14): records a patron marks from any
 * record page, reservable or not. Personal data (SPEC §12): a row goes with
 * its patron (delete-patron) and with its record (an import that removes it).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE favourites (
     patron_id integer NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
     record_id integer NOT NULL REFERENCES records (id) ON DELETE CASCADE,
     added_at timestamptz NOT NULL,
     PRIMARY KEY (patron_id, record_id)
   )`.execute(db);
  // The list is read newest first, a page at a time.
  await sql`CREATE INDEX favourites_by_patron_added ON favourites (patron_id, added_at DESC, record_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE favourites`.execute(db);
}
