/**
 * Circulation statistics without patrons (SPEC §12): loans, returns, holds
 * placed and holds fulfilled per library day, place and material, counted
 * from what is kept after anonymisation (loans and holds without their
 * patron). No column of the result can name a patron.
 */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate, Database, Material } from '../db/schema.ts';

/** One day × place × material; `place` is null for loans lent before places were recorded. */
export interface StatisticsRow {
  day: CalendarDate;
  place: string | null;
  material: Material;
  loans: number;
  returns: number;
  holdsPlaced: number;
  holdsFulfilled: number;
}

/** The counts of each day from `from` to `to` (inclusive, library dates in `timeZone`), by day, place and material. */
export async function circulationStatistics(
  db: Kysely<Database>,
  range: { from: CalendarDate; to: CalendarDate; timeZone: string },
): Promise<StatisticsRow[]> {
  const day = (column: string) => sql`(${sql.ref(column)} AT TIME ZONE ${range.timeZone})::date`;
  const inRange = (column: string) => sql`${day(column)} BETWEEN ${range.from}::date AND ${range.to}::date`;
  const result = await sql<{
    day: CalendarDate;
    place: string | null;
    material: Material;
    loans: string;
    returns: string;
    holds_placed: string;
    holds_fulfilled: string;
  }>`
    SELECT e.day::text AS day, e.place, e.material,
           sum(e.loans) AS loans, sum(e.returns) AS returns,
           sum(e.holds_placed) AS holds_placed, sum(e.holds_fulfilled) AS holds_fulfilled
      FROM (
        SELECT ${day('l.checked_out_at')} AS day, l.checkout_place AS place, r.material, 1 AS loans, 0 AS returns, 0 AS holds_placed, 0 AS holds_fulfilled
          FROM loans l JOIN copies c ON c.id = l.copy_id JOIN records r ON r.id = c.record_id
         WHERE ${inRange('l.checked_out_at')}
        UNION ALL
        SELECT ${day('l.returned_at')}, l.return_place, r.material, 0, 1, 0, 0
          FROM loans l JOIN copies c ON c.id = l.copy_id JOIN records r ON r.id = c.record_id
         WHERE l.returned_at IS NOT NULL AND ${inRange('l.returned_at')}
        UNION ALL
        SELECT ${day('h.placed_at')}, h.pickup_place, r.material, 0, 0, 1, 0
          FROM holds h JOIN records r ON r.id = h.record_id
         WHERE ${inRange('h.placed_at')}
        UNION ALL
        SELECT ${day('h.closed_at')}, h.pickup_place, r.material, 0, 0, 0, 1
          FROM holds h JOIN records r ON r.id = h.record_id
         WHERE h.status = 'fulfilled' AND ${inRange('h.closed_at')}
      ) e
     GROUP BY e.day, e.place, e.material
     ORDER BY e.day, e.place NULLS FIRST, e.material`.execute(db);
  return result.rows.map((row) => ({
    day: row.day,
    place: row.place,
    material: row.material,
    loans: Number(row.loans),
    returns: Number(row.returns),
    holdsPlaced: Number(row.holds_placed),
    holdsFulfilled: Number(row.holds_fulfilled),
  }));
}
