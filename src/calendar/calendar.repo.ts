/**
 * The library calendar as the database holds it: the configured weekly
 * closed days and national-holiday rule, an admin's override of the weekly
 * closed days (library_settings), and the dated closures staff enter.
 * Every due date and pickup deadline is computed from what this returns.
 */
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { LibraryRules } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { addDays } from '../time.ts';
import type { LibraryCalendar } from './calendar.rules.ts';

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

/** The saved weekly closed days if they are a valid list, else the configured ones. */
export function weeklyClosedDaysOf(saved: unknown, rules: Pick<LibraryRules, 'weeklyClosedDays'>): number[] {
  return isWeekdayList(saved) ? saved : [...rules.weeklyClosedDays];
}

/** The admin's weekly closed days, or the configured ones when none were saved. */
export async function loadWeeklyClosedDays(db: Db, rules: Pick<LibraryRules, 'weeklyClosedDays'>): Promise<number[]> {
  const row = await savedWeeklyClosedDays(db).executeTakeFirst();
  return weeklyClosedDaysOf(row?.value, rules);
}

/** The window of dated closures around `today` that any date computed today can reach. */
export function closureWindow(today: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  return { from: addDays(today, -CLOSURE_WINDOW_DAYS.before), to: addDays(today, CLOSURE_WINDOW_DAYS.after) };
}

/** The dated closures in a closureWindow. */
export function closuresAround(db: Db, window: { from: CalendarDate; to: CalendarDate }) {
  return db.selectFrom('library_closures').select('closed_on').where('closed_on', '>=', window.from).where('closed_on', '<=', window.to);
}

/** The calendar from what closuresAround and savedWeeklyClosedDays read. */
export function libraryCalendar(
  rules: Pick<LibraryRules, 'weeklyClosedDays' | 'closedOnNationalHolidays' | 'holidayOnClosedDay'>,
  closures: readonly { closed_on: CalendarDate }[],
  savedWeekly: unknown,
): LibraryCalendar {
  return {
    weeklyClosedDays: weeklyClosedDaysOf(savedWeekly, rules),
    closedOnNationalHolidays: rules.closedOnNationalHolidays,
    holidayOnClosedDay: rules.holidayOnClosedDay,
    closures: new Set(closures.map((c) => c.closed_on)),
  };
}

/** The calendar in force around `today`. */
export async function loadLibraryCalendar(
  db: Db,
  rules: Pick<LibraryRules, 'weeklyClosedDays' | 'closedOnNationalHolidays' | 'holidayOnClosedDay'>,
  today: CalendarDate,
): Promise<LibraryCalendar> {
  // One round trip for both, as the account page reads them: every checkout, checkin and renewal asks.
  const row = await db
    .selectNoFrom([jsonArrayFrom(closuresAround(db, closureWindow(today))).as('closures'), savedWeeklyClosedDays(db).as('weekly')])
    .executeTakeFirstOrThrow();
  return libraryCalendar(rules, row.closures, row.weekly);
}

/** Dated closures from `from` on, in date order (the admin calendar page). */
export async function listClosures(db: Db, from: CalendarDate): Promise<{ closedOn: CalendarDate; reason: string }[]> {
  const rows = await db.selectFrom('library_closures').selectAll().where('closed_on', '>=', from).orderBy('closed_on').execute();
  return rows.map((r) => ({ closedOn: r.closed_on, reason: r.reason }));
}

/** Adds (or renames) a dated closure. */
export async function saveClosure(db: Db, closedOn: CalendarDate, reason: string): Promise<void> {
  await db
    .insertInto('library_closures')
    .values({ closed_on: closedOn, reason })
    .onConflict((oc) => oc.column('closed_on').doUpdateSet({ reason }))
    .execute();
}

/** Removes a dated closure; false when there was none. */
export async function deleteClosure(db: Db, closedOn: CalendarDate): Promise<boolean> {
  const result = await db.deleteFrom('library_closures').where('closed_on', '=', closedOn).executeTakeFirst();
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
