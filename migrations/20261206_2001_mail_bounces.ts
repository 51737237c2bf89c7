/**
 * Returned mail (SPEC §13): one row per outbox mail that came back, read by
 * the `bounce` command or the worker's mailbox poll. `severity` 'hard' (a
 * 5.x.x status) flags the address at once; 'soft' (4.x.x) rows are counted,
 * and a run of them on the last mails sent to an address flags it. One row
 * per mail, so the same bounce read twice counts once.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE mail_bounces (
     outbox_id integer PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
     severity text NOT NULL CHECK (severity IN ('hard', 'soft')),
     status text NOT NULL,
     diagnostic text NOT NULL DEFAULT '',
     received_at timestamptz NOT NULL
   )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE mail_bounces`.execute(db);
}
