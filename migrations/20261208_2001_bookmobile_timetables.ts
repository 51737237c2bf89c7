/**
 * 移動図書館の巡回日程: each 「BM」 station's timetable, as a pattern (the
 * first stop, then every one or two weeks, until an optional last day, at
 * an optional time of day) and dated exceptions (an extra stop, or a stop
 * cancelled), and on a ready hold the stop its copy rides to
 * (pickup_stop_on), kept apart from its pickup deadline since the two may
 * differ (the one-week rule can be later than the stop).
 */
import { type Kysely, sql } from 'kysely';

const TIME = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE bookmobile_timetables (
         station text PRIMARY KEY REFERENCES pickup_places (code) ON DELETE CASCADE,
         first_stop_on date NOT NULL,
         every_weeks smallint NOT NULL CHECK (every_weeks IN (1, 2)),
         last_stop_on date CHECK (last_stop_on >= first_stop_on),
         arrives_at text CHECK (arrives_at ~ ${TIME}),
         departs_at text CHECK (departs_at ~ ${TIME}),
         CHECK (arrives_at IS NULL AND departs_at IS NULL OR departs_at > arrives_at)
       )`,
    )
    .execute(db);
  await sql`CREATE TABLE bookmobile_stop_changes (
      station text NOT NULL REFERENCES pickup_places (code) ON DELETE CASCADE,
      stop_on date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('extra', 'cancelled')),
      note text NOT NULL DEFAULT '',
      PRIMARY KEY (station, stop_on)
    )`.execute(db);
  await sql`ALTER TABLE holds ADD COLUMN pickup_stop_on date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE holds DROP COLUMN pickup_stop_on`.execute(db);
  await sql`DROP TABLE bookmobile_stop_changes`.execute(db);
  await sql`DROP TABLE bookmobile_timetables`.execute(db);
}
