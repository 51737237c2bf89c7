/**
 * When each mail was last tried. The account page and the staff patron
 * record say when the last failure happened, and a retrying mail's
 * next_attempt_at only says when it will be tried next.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN last_attempt_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE outbox DROP COLUMN last_attempt_at`.execute(db);
}
