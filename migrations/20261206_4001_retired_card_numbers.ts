/**
 * Card numbers a reissue took out of use (a lost or damaged card replaced by
 * a new number on the same record). The old number must never be issued
 * again, or a found card would open someone else's account; the patron link
 * goes when the patron is erased, the number stays.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE retired_card_numbers (
     card_number text PRIMARY KEY CHECK (card_number ~ '^[!-~]{1,64}$'),
     patron_id integer REFERENCES patrons (id) ON DELETE SET NULL,
     retired_at timestamptz NOT NULL
   )`.execute(db);
  await sql`CREATE INDEX retired_card_numbers_patron ON retired_card_numbers (patron_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE retired_card_numbers`.execute(db);
}
