/**
 * 予約の保留 (SPEC §14): a pending hold suspended until a date keeps its
 * place in the queue; checkin passes it over while the library's date is
 * before `suspended_until`. A date rather than a flag, so it comes back by
 * itself on that day with no job having to run.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE holds ADD COLUMN suspended_until date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE holds DROP COLUMN suspended_until`.execute(db);
}
