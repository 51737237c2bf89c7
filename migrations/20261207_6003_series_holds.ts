/**
 * 順番予約 (SPEC §14): holds placed in the cart's order, each made ready
 * only once the one before it is finished. `series_after` names that
 * earlier hold (the chain is what checkin needs); position and size are
 * kept for 「順番予約 2/3」, which must not change when an earlier hold of
 * the series is finished.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE holds
     ADD COLUMN series_after integer REFERENCES holds (id) ON DELETE SET NULL,
     ADD COLUMN series_position smallint,
     ADD COLUMN series_size smallint,
     ADD CONSTRAINT holds_series_place CHECK (
       (series_position IS NULL AND series_size IS NULL AND series_after IS NULL)
       OR (series_position BETWEEN 1 AND series_size AND series_size >= 2))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE holds
     DROP CONSTRAINT holds_series_place,
     DROP COLUMN series_after,
     DROP COLUMN series_position,
     DROP COLUMN series_size`.execute(db);
}
