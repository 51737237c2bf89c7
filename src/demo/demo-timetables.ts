/**
 * The demo's bookmobile timetables, so the admin page, the loading list and
 * the guide have stops to show: each configured 「BM」 station stops on its
 * own weekday (Tuesday, Wednesday, Thursday … in the settings' order), the
 * first every week and the others every other week, mornings and
 * afternoons by turns. A configuration with no stations gets none.
 */
import type { Kysely } from 'kysely';
import { saveStopPattern } from '../calendar/bookmobile.repo.ts';
import type { PickupPlace } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { addDays, weekday } from '../time.ts';

const TIMES = [
  { arrives: '10:00', departs: '10:45' },
  { arrives: '13:30', departs: '14:15' },
] as const;

export async function seedTimetables(db: Kysely<Database>, places: readonly PickupPlace[], today: CalendarDate): Promise<void> {
  const stations = places.filter((p) => p.kind === 'bookmobile');
  for (const [i, station] of stations.entries()) {
    const day = (2 + i) % 7;
    await saveStopPattern(db, station.code, {
      firstStop: addDays(today, (day - weekday(today) + 7) % 7),
      everyWeeks: i === 0 ? 1 : 2,
      lastStop: null,
      ...TIMES[i % TIMES.length]!,
    });
  }
}
