/**
 * 予約の有効期限 (SPEC §14): the day after which a hold still pending is of
 * no use to the patron; the daily job cancels it. The partial index serves
 * that job's daily scan without growing with every hold ever placed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE holds ADD COLUMN need_by date`.execute(db);
  await sql`CREATE INDEX holds_pending_need_by ON holds (need_by) WHERE status = 'pending' AND need_by IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX holds_pending_need_by`.execute(db);
  await sql`ALTER TABLE holds DROP COLUMN need_by`.execute(db);
}
