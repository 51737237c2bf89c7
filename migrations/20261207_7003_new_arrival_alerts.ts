/**
 * 新着資料のお知らせ (SPEC §14): a patron's saved searches. `checked_up_to`
 * is the creation time up to which records have been looked at for the
 * alert (records catalogued later are new), `last_mailed_on` keeps the
 * alert to one mail a week; `patrons.new_arrivals_mailed_on` keeps a patron
 * to one such mail a day, claimed in the transaction that queues it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE new_arrival_alerts (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     patron_id integer NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
     query text NOT NULL CHECK (length(query) BETWEEN 1 AND 200),
     material text CHECK (material IN ('book', 'magazine', 'av')),
     created_at timestamptz NOT NULL,
     checked_up_to timestamptz NOT NULL,
     last_mailed_on date
   )`.execute(db);
  await sql`CREATE INDEX new_arrival_alerts_by_patron ON new_arrival_alerts (patron_id, id)`.execute(db);
  await sql`ALTER TABLE patrons ADD COLUMN new_arrivals_mailed_on date`.execute(db);
  // The daily job asks for records catalogued since an alert last looked.
  await sql`CREATE INDEX records_by_created_at ON records (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX records_by_created_at`.execute(db);
  await sql`ALTER TABLE patrons DROP COLUMN new_arrivals_mailed_on`.execute(db);
  await sql`DROP TABLE new_arrival_alerts`.execute(db);
}
