/**
 * What the database remembers about its own history, one row per fact. The
 * first fact is that it holds the demo library: a production start refuses
 * such a database, because the demo's patrons and its librarian account,
 * whose password the README prints, must never serve a real library.
 * A database the demo filled before this step is recognised by the demo's
 * serials (source ids `demo-serial-…`, which no import writes).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE library_facts (
     fact text PRIMARY KEY,
     recorded_at timestamptz NOT NULL
   )`.execute(db);
  await sql`INSERT INTO library_facts (fact, recorded_at)
     SELECT 'demo-library', now() WHERE EXISTS (SELECT 1 FROM serials WHERE source_id LIKE 'demo-serial-%')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE library_facts`.execute(db);
}
