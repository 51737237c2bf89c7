/**
 * The library calendar as the database holds it: the configured weekly
 * closed days and national-holiday rule, an admin's override of the weekly
 * closed days (library_settings), the closures (ranges of days) and the
 * explicit open days admins enter.
 * Every due date and pickup deadline is computed from what this returns.
 */
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { LibraryRules } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { addDays } from '../time.ts';
import { closureDates, type ClosureRange, type LibraryCalendar, type PlaceDays } from './calendar.rules.ts';

type Db = Kysely<Database>;

/** The library_settings key of the admin-chosen weekly closed days. */
export const WEEKLY_CLOSED_DAYS_KEY = 'weeklyClosedDays';

/** Closures from a week back to two years ahead: enough for any due date or deadline computed today. */
const CLOSURE_WINDOW_DAYS = { before: 7, after: 730 };

function isWeekdayList(value: unknown): value is number[] {
  return Array.isArray(value) && value.length < 7 && value.every((d) => Number.isInteger(d) && d >= 0 && d <= 6);
}

/** The admin's weekly closed days as saved (any JSON), for weeklyClosedDaysOf; no row when none were saved. */
export function savedWeeklyClosedDays(db: Db) {
  return db.selectFrom('library_settings').select('value').where('key', '=', WEEKLY_CLOSED_DAYS_KEY);
}

/** The library_settings key of a place's own weekly closed days. */
function placeWeeklyKey(place: string): string {
  return `${WEEKLY_CLOSED_DAYS_KEY}:${place}`;
}

/** Every place's own weekly closed days as saved (key and any JSON), for libraryCalendar. */
export function savedPlaceWeeklyClosedDays(db: Db) {
  return db.selectFrom('library_settings').select(['key', 'value']).where('key', 'like', `${WEEKLY_CLOSED_DAYS_KEY}:%`);
}

/** The saved weekly closed days if they are a valid list, else the configured ones. */
export function weeklyClosedDaysOf(saved: unknown, rules: Pick<LibraryRules, 'weeklyClosedDays'>): number[] {
  return isWeekdayList(saved) ? saved : [...rules.weeklyClosedDays];
}

/** The admin's weekly closed days, or the configured ones when none were saved. */
export async function loadWeeklyClosedDays(db: Db, rules: Pick<LibraryRules, 'weeklyClosedDays'>): Promise<number[]> {
  const row = await savedWeeklyClosedDays(db).executeTakeFirst();
  return weeklyClosedDaysOf(row?.value, rules);
}

/** The window of dated closures around `today` that any date computed today can reach, reaching back to `earliest` when given. */
export function closureWindow(today: CalendarDate, earliest?: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  const from = addDays(today, -CLOSURE_WINDOW_DAYS.before);
  return { from: earliest !== undefined && earliest < from ? earliest : from, to: addDays(today, CLOSURE_WINDOW_DAYS.after) };
}

/** The closures overlapping a closureWindow, as ranges. */
export function closuresAround(db: Db, window: { from: CalendarDate; to: CalendarDate }) {
  return db
    .selectFrom('library_closures')
    .select(['closed_on as from', 'closed_until as to', 'place'])
    .where('closed_until', '>=', window.from)
    .where('closed_on', '<=', window.to);
}

/** The explicit open days in a closureWindow. */
export function openDaysAround(db: Db, window: { from: CalendarDate; to: CalendarDate }) {
  return db.selectFrom('library_open_days').select('open_on').where('open_on', '>=', window.from).where('open_on', '<=', window.to);
}

/** What the calendar is built from, as closuresAround, openDaysAround and the saved weekly days read it. */
export interface CalendarRows {
  closures: readonly (ClosureRange & { place: string | null })[];
  openDays: readonly { open_on: CalendarDate }[];
  weekly: unknown;
  placeWeekly: readonly { key: string; value: unknown }[];
}

/** The calendar from what closuresAround, openDaysAround, savedWeeklyClosedDays and savedPlaceWeeklyClosedDays read. */
export function libraryCalendar(
  rules: Pick<LibraryRules, 'weeklyClosedDays' | 'closedOnNationalHolidays' | 'holidayOnClosedDay'>,
  read: CalendarRows,
): LibraryCalendar {
  return {
    weeklyClosedDays: weeklyClosedDaysOf(read.weekly, rules),
    closedOnNationalHolidays: rules.closedOnNationalHolidays,
    holidayOnClosedDay: rules.holidayOnClosedDay,
    closures: closureDates(read.closures.filter((c) => c.place === null)),
    openDays: new Set(read.openDays.map((d) => d.open_on)),
    places: placeDays(read),
  };
}

/** The places with days of their own: a valid saved weekly list, or closures. */
function placeDays(read: CalendarRows): Map<string, PlaceDays> {
  const weekly = placeWeeklyClosedDays(read.placeWeekly);
  const codes = new Set([...weekly.keys(), ...read.closures.flatMap((c) => (c.place === null ? [] : [c.place]))]);
  return new Map(
    [...codes].map((code) => [
      code,
      { weeklyClosedDays: weekly.get(code) ?? null, closures: closureDates(read.closures.filter((c) => c.place === code)) },
    ]),
  );
}

/** The places' own weekly closed days from their saved rows; a row that is not a valid list counts as none. */
function placeWeeklyClosedDays(rows: readonly { key: string; value: unknown }[]): Map<string, number[]> {
  return new Map(rows.flatMap((row) => (isWeekdayList(row.value) ? [[row.key.slice(WEEKLY_CLOSED_DAYS_KEY.length + 1), row.value]] : [])));
}

/** Each place's own weekly closed days, for the admin page (a place not in it follows the library's). */
export async function loadPlaceWeeklyClosedDays(db: Db): Promise<Map<string, number[]>> {
  return placeWeeklyClosedDays(await savedPlaceWeeklyClosedDays(db).execute());
}

/** Saves a place's own weekly closed days, or (null) makes it follow the library's again. */
export async function savePlaceWeeklyClosedDays(db: Db, place: string, days: number[] | null): Promise<void> {
  const key = placeWeeklyKey(place);
  if (days === null) {
    await db.deleteFrom('library_settings').where('key', '=', key).execute();
    return;
  }
  const value = JSON.stringify(days);
  await db
    .insertInto('library_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The calendar in force around `today` (and back to `earliest`, for a closure entered after the fact). */
export async function loadLibraryCalendar(
  db: Db,
  rules: Pick<LibraryRules, 'weeklyClosedDays' | 'closedOnNationalHolidays' | 'holidayOnClosedDay'>,
  today: CalendarDate,
  earliest?: CalendarDate,
): Promise<LibraryCalendar> {
  const window = closureWindow(today, earliest);
  // One round trip for all four, as the account page reads them: every checkout, checkin and renewal asks.
  const row = await db
    .selectNoFrom([
      jsonArrayFrom(closuresAround(db, window)).as('closures'),
      jsonArrayFrom(openDaysAround(db, window)).as('openDays'),
      savedWeeklyClosedDays(db).as('weekly'),
      jsonArrayFrom(savedPlaceWeeklyClosedDays(db)).as('placeWeekly'),
    ])
    .executeTakeFirstOrThrow();
  return libraryCalendar(rules, row);
}

/** A closure as the admin page lists it. */
export interface Closure extends ClosureRange {
  note: string;
  /** The place closed, or null for the whole library. */
  place: string | null;
}

/** Closures not yet over on `from`, in date order (the admin calendar page). */
export async function listClosures(db: Db, from: CalendarDate): Promise<Closure[]> {
  const rows = await db
    .selectFrom('library_closures')
    .selectAll()
    .where('closed_until', '>=', from)
    .orderBy('closed_on')
    .orderBy('place', (ob) => ob.nullsFirst())
    .execute();
  return rows.map((r) => ({ from: r.closed_on, to: r.closed_until, note: r.reason, place: r.place }));
}

/** Adds a closure; one starting on the same day at the same place is replaced (its end and note). */
export async function saveClosure(db: Db, closure: Closure): Promise<void> {
  const values = { closed_until: closure.to, reason: closure.note };
  await db
    .insertInto('library_closures')
    .values({ closed_on: closure.from, place: closure.place, ...values })
    .onConflict((oc) => oc.columns(['closed_on', 'place']).doUpdateSet(values))
    .execute();
}

/** Removes the closure starting on `from` at `place` (null: the whole library's); false when there was none. */
export async function deleteClosure(db: Db, from: CalendarDate, place: string | null): Promise<boolean> {
  const result = await db
    .deleteFrom('library_closures')
    .where('closed_on', '=', from)
    .where((eb) => (place === null ? eb('place', 'is', null) : eb('place', '=', place)))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** An explicit open day as the admin page lists it. */
export interface OpenDay {
  date: CalendarDate;
  note: string;
}

/** Explicit open days from `from` on, in date order. */
export async function listOpenDays(db: Db, from: CalendarDate): Promise<OpenDay[]> {
  const rows = await db.selectFrom('library_open_days').selectAll().where('open_on', '>=', from).orderBy('open_on').execute();
  return rows.map((r) => ({ date: r.open_on, note: r.note }));
}

/** Adds (or renames) an explicit open day. */
export async function saveOpenDay(db: Db, day: OpenDay): Promise<void> {
  await db
    .insertInto('library_open_days')
    .values({ open_on: day.date, note: day.note })
    .onConflict((oc) => oc.column('open_on').doUpdateSet({ note: day.note }))
    .execute();
}

/** Removes an explicit open day; false when there was none. */
export async function deleteOpenDay(db: Db, date: CalendarDate): Promise<boolean> {
  const result = await db.deleteFrom('library_open_days').where('open_on', '=', date).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Saves the weekly closed days an admin chose. */
export async function saveWeeklyClosedDays(db: Db, days: number[]): Promise<void> {
  const value = JSON.stringify(days);
  await db
    .insertInto('library_settings')
    .values({ key: WEEKLY_CLOSED_DAYS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
