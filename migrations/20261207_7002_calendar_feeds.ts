/**
 * The calendar feed (SPEC §14): one private URL per patron at most, known by
 * the SHA-256 of its random token only, as sessions are: a copy of the
 * database (a backup) then opens no patron's feed. `show_titles` is the
 * patron's opt-in to titles in the events (off: 「返却期限（2点）」).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE calendar_feeds (
     patron_id integer PRIMARY KEY REFERENCES patrons (id) ON DELETE CASCADE,
     token_hash text NOT NULL UNIQUE,
     show_titles boolean NOT NULL DEFAULT false,
     created_at timestamptz NOT NULL
   )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE calendar_feeds`.execute(db);
}
