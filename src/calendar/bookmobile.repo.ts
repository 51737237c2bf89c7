/**
 * 移動図書館の巡回日程 in the database: each station's pattern and its dated
 * exceptions (bookmobile_timetables, bookmobile_stop_changes), and the
 * loading list of a stop (the holds the van carries to it). Kysely only.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';
import { restop, type StationTimetable, type StopChange, type StopPattern } from './bookmobile.rules.ts';
import { calendarAt, type LibraryCalendar } from './calendar.rules.ts';
import { readyHolds, readyHoldItem } from './date-moves.repo.ts';
import type { DateMove } from './date-moves.rules.ts';

type Db = Kysely<Database>;

function toPattern(row: {
  first_stop_on: CalendarDate;
  every_weeks: 1 | 2;
  last_stop_on: CalendarDate | null;
  arrives_at: string | null;
  departs_at: string | null;
}): StopPattern {
  return {
    firstStop: row.first_stop_on,
    everyWeeks: Number(row.every_weeks) === 2 ? 2 : 1,
    lastStop: row.last_stop_on,
    arrives: row.arrives_at,
    departs: row.departs_at,
  };
}

/**
 * Every station's timetable with the exceptions from `from` on, by station
 * code; a station with neither a pattern nor an exception is not in it.
 */
export async function loadTimetables(db: Db, from: CalendarDate, stations?: readonly string[]): Promise<Map<string, StationTimetable>> {
  if (stations?.length === 0) return new Map();
  let patterns = db.selectFrom('bookmobile_timetables').selectAll();
  let changes = db.selectFrom('bookmobile_stop_changes').selectAll().where('stop_on', '>=', from).orderBy('stop_on');
  if (stations) {
    patterns = patterns.where('station', 'in', stations);
    changes = changes.where('station', 'in', stations);
  }
  const timetables = new Map<string, { pattern: StopPattern | null; changes: StopChange[] }>();
  const of = (station: string) => timetables.get(station) ?? timetables.set(station, { pattern: null, changes: [] }).get(station)!;
  for (const row of await patterns.execute()) of(row.station).pattern = toPattern(row);
  for (const row of await changes.execute()) of(row.station).changes.push({ date: row.stop_on, kind: row.kind, note: row.note });
  return timetables;
}

/** One station's timetable (exceptions from `from` on), or null when it has none. */
export async function loadTimetable(db: Db, station: string, from: CalendarDate): Promise<StationTimetable | null> {
  return (await loadTimetables(db, from, [station])).get(station) ?? null;
}

/** Sets (or replaces) a station's pattern. */
export async function saveStopPattern(db: Db, station: string, pattern: StopPattern): Promise<void> {
  const values = {
    first_stop_on: pattern.firstStop,
    every_weeks: pattern.everyWeeks,
    last_stop_on: pattern.lastStop,
    arrives_at: pattern.arrives,
    departs_at: pattern.departs,
  };
  await db
    .insertInto('bookmobile_timetables')
    .values({ station, ...values })
    .onConflict((oc) => oc.column('station').doUpdateSet(values))
    .execute();
}

/** Removes a station's pattern (its listed extra stops stay); false when it had none. */
export async function clearStopPattern(db: Db, station: string): Promise<boolean> {
  const result = await db.deleteFrom('bookmobile_timetables').where('station', '=', station).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Lists an extra or cancelled stop; one already listed for that station and day is replaced. */
export async function saveStopChange(db: Db, station: string, change: StopChange): Promise<void> {
  await db
    .insertInto('bookmobile_stop_changes')
    .values({ station, stop_on: change.date, kind: change.kind, note: change.note })
    .onConflict((oc) => oc.columns(['station', 'stop_on']).doUpdateSet({ kind: change.kind, note: change.note }))
    .execute();
}

/** Removes a listed exception; false when there was none. */
export async function deleteStopChange(db: Db, station: string, date: CalendarDate): Promise<boolean> {
  const result = await db
    .deleteFrom('bookmobile_stop_changes')
    .where('station', '=', station)
    .where('stop_on', '=', date)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** One hold on a stop's loading list. */
export interface LoadingListItem {
  holdId: number;
  status: 'ready' | 'in_transit';
  title: string;
  barcode: string | null;
  shelfMark: string | null;
  cardNumber: string;
  pickupDeadline: CalendarDate | null;
  /** The stop the patron was told; earlier than the list's stop for a copy not collected then and still waiting. */
  stop: CalendarDate | null;
}

/**
 * What the van carries to `station` on `stop`: the ready holds whose copy
 * rides to that stop or rode to an earlier one and may still be collected
 * on it (deadline not passed), and the holds whose copy is still on its way
 * to the station (load it if it arrives in time). Title order, as the
 * crates are packed.
 */
export async function loadingList(db: Db, station: string, stop: CalendarDate): Promise<LoadingListItem[]> {
  const rows = await db
    .selectFrom('holds as h')
    .innerJoin('records as r', 'r.id', 'h.record_id')
    .innerJoin('patrons as p', 'p.id', 'h.patron_id')
    .leftJoin('copies as c', 'c.id', 'h.copy_id')
    .select([
      'h.id',
      'h.status',
      'h.pickup_deadline',
      'h.pickup_stop_on',
      'r.title',
      'r.issue_label',
      'c.barcode',
      'c.shelf_mark',
      'p.card_number',
    ])
    .where('h.pickup_place', '=', station)
    .where((eb) =>
      eb.or([
        eb('h.status', '=', 'in_transit'),
        eb.and([eb('h.status', '=', 'ready'), eb('h.pickup_stop_on', '<=', stop), eb('h.pickup_deadline', '>=', stop)]),
      ]),
    )
    .orderBy('h.status', 'desc')
    .orderBy('r.title')
    .orderBy('h.id')
    .execute();
  return rows.map((row) => ({
    holdId: row.id,
    status: row.status === 'ready' ? 'ready' : 'in_transit',
    title: row.issue_label ? `${row.title} ${row.issue_label}` : row.title,
    barcode: row.barcode,
    shelfMark: row.shelf_mark,
    cardNumber: row.card_number,
    pickupDeadline: row.pickup_deadline,
    stop: row.pickup_stop_on,
  }));
}

/**
 * After a change to the timetable (or to the library's days off), moves the
 * ready holds whose stop no longer runs to the station's next stop (restop),
 * in the caller's transaction; returns the moves, for the count and the
 * mail (queueMovedDatesMails). Stops before `today` are history and stay
 * as they were.
 */
export async function moveHoldsOffCancelledStops(
  db: Db,
  calendar: LibraryCalendar,
  today: CalendarDate,
  stations: readonly string[],
): Promise<DateMove[]> {
  if (stations.length === 0) return [];
  const holds = await readyHolds(db)
    .where('holds.pickup_place', 'in', stations)
    .where('holds.pickup_stop_on', '>=', today)
    .forUpdate('holds')
    .execute();
  if (holds.length === 0) return [];
  const timetables = await loadTimetables(db, today, stations);
  const moves: DateMove[] = [];
  for (const hold of holds) {
    const dates = restop(timetables.get(hold.pickup_place) ?? null, calendarAt(calendar, hold.pickup_place), {
      stop: hold.pickup_stop_on!,
      deadline: hold.pickup_deadline!,
    });
    if (!dates) continue;
    await db.updateTable('holds').set({ pickup_stop_on: dates.stop, pickup_deadline: dates.deadline }).where('id', '=', hold.id).execute();
    moves.push({ ...readyHoldItem(hold), newDate: dates.deadline, newStop: dates.stop });
  }
  return moves;
}
