/**
 * Due-date reminders and overdue notices (SPEC §13). The patron switches
 * each kind on or off (on by default: the reminder is what patrons of every
 * comparable library get). loan_reminders records each notice sent for a
 * loan and due date: `seq` 0 for 「返却期限のお知らせ」, 1, 2, 3… for the
 * overdue notices, so a notice is sent at most once per loan and due date,
 * and a renewal (a new due date) starts afresh.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE patrons
     ADD COLUMN notify_due_soon boolean NOT NULL DEFAULT true,
     ADD COLUMN notify_overdue boolean NOT NULL DEFAULT true`.execute(db);
  await sql`CREATE TABLE loan_reminders (
     loan_id integer NOT NULL REFERENCES loans (id) ON DELETE CASCADE,
     due_date date NOT NULL,
     kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
     seq integer NOT NULL CHECK (seq >= 0),
     sent_on date NOT NULL,
     PRIMARY KEY (loan_id, due_date, kind, seq)
   )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE loan_reminders`.execute(db);
  await sql`ALTER TABLE patrons DROP COLUMN notify_due_soon, DROP COLUMN notify_overdue`.execute(db);
}
