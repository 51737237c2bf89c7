/**
 * When the library is open, and the dates that follow from it: a due date or
 * a renewal's new due date that falls on a closed day moves to the next open
 * day (SPEC §4). Closed: the weekly closed day(s), Japan's national holidays
 * (from @holiday-jp/holiday_jp, kept up to date with the Cabinet Office's
 * list, substitute holidays included) and the dated closures staff enter;
 * or, for the common rule 「月曜休館（祝日の場合は開館し、翌平日休館）」, a
 * weekly closed day that is a holiday opens and the next weekday closes.
 * An explicit open day overrides every other rule. A place may keep its own
 * weekly closed days and closures on top of the library's (calendarAt).
 */
import holidayJp from '@holiday-jp/holiday_jp';
import type { CalendarDate } from '../db/schema.ts';
import { addDays, daysBetween, weekday } from '../time.ts';

/** What a weekly closed day that falls on a holiday does, when holidays are open: stays closed, or 祝日開館・翌平日休館. */
export type HolidayOnClosedDay = 'closed' | 'openNextWeekdayClosed';

export interface LibraryCalendar {
  weeklyClosedDays: readonly number[];
  closedOnNationalHolidays: boolean;
  /** Meaningful only when holidays are open; 'closed' when not given. */
  holidayOnClosedDay?: HolidayOnClosedDay;
  /** Dated closures (館内整理日, 年末年始 …). */
  closures: ReadonlySet<CalendarDate>;
  /** Days open whatever the other rules say (a special opening, an exhibition Sunday). */
  openDays?: ReadonlySet<CalendarDate>;
  /** The places whose days differ from the library's (a branch closed on Tuesdays), by place code. */
  places?: ReadonlyMap<string, PlaceDays>;
}

/** A place's own days: its weekly closed days when they differ from the library's, and its own closures. */
export interface PlaceDays {
  weeklyClosedDays: readonly number[] | null;
  closures: ReadonlySet<CalendarDate>;
}

/**
 * The calendar in force at `place`: its own weekly closed days, else the
 * library's; the library's closures and its own; the library's holidays and
 * open days. The library's own calendar for a place with no days of its own
 * (or no place: a loan made before places were recorded).
 */
export function calendarAt(calendar: LibraryCalendar, place: string | null): LibraryCalendar {
  const own = place === null ? undefined : calendar.places?.get(place);
  if (!own) return calendar;
  return {
    ...calendar,
    weeklyClosedDays: own.weeklyClosedDays ?? calendar.weeklyClosedDays,
    closures: new Set([...calendar.closures, ...own.closures]),
  };
}

export type ClosedReason = 'weekly' | 'holiday' | 'closure' | 'afterHoliday';

/** How far back a run of weekends and holidays can reach (Golden Week with its weekends is under ten days). */
const MAX_HOLIDAY_RUN = 14;

/** A year of closed days in a row would be a configuration error, not a calendar. */
const MAX_CLOSED_RUN = 366;

/** A closure as an admin enters it: from one day to another, both closed. */
export interface ClosureRange {
  from: CalendarDate;
  to: CalendarDate;
}

/** The longest closure one entry may cover (a half-year renovation); longer would leave no open day to move dates to. */
export const MAX_CLOSURE_DAYS = 183;

/** Every date the ranges cover, as the calendar's `closures` holds them. */
export function closureDates(ranges: readonly ClosureRange[]): Set<CalendarDate> {
  const dates = new Set<CalendarDate>();
  for (const range of ranges) {
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) dates.add(day);
  }
  return dates;
}

/** How many days a range covers, both ends included. */
export function rangeLength(range: ClosureRange): number {
  return daysBetween(range.from, range.to) + 1;
}

export function isNationalHoliday(date: CalendarDate): boolean {
  return Object.hasOwn(holidayJp.holidays, date);
}

/** Why the library is closed on `date`, or null when it is open. */
export function closedReason(date: CalendarDate, calendar: LibraryCalendar): ClosedReason | null {
  if (calendar.openDays?.has(date)) return null;
  if (calendar.closures.has(date)) return 'closure';
  const holiday = isNationalHoliday(date);
  const shifts = !calendar.closedOnNationalHolidays && calendar.holidayOnClosedDay === 'openNextWeekdayClosed';
  if (calendar.weeklyClosedDays.includes(weekday(date))) return shifts && holiday ? null : 'weekly';
  if (calendar.closedOnNationalHolidays && holiday) return 'holiday';
  if (shifts && isWeekday(date) && !holiday && followsOpenedClosedDay(date, calendar)) return 'afterHoliday';
  return null;
}

/** Monday to Friday (平日 before holidays are counted). */
function isWeekday(date: CalendarDate): boolean {
  const day = weekday(date);
  return day >= 1 && day <= 5;
}

/**
 * True when the run of weekends and holidays just before `date` holds a
 * weekly closed day that opened for being a holiday: `date` is then the
 * 翌平日 that closes instead (after Golden Week's 5月4–6日, the 7th).
 */
function followsOpenedClosedDay(date: CalendarDate, calendar: LibraryCalendar): boolean {
  for (let back = 1; back <= MAX_HOLIDAY_RUN; back++) {
    const day = addDays(date, -back);
    const holiday = isNationalHoliday(day);
    if (isWeekday(day) && !holiday) return false;
    // A holiday closed day that a listed closure kept shut gave nobody's day of rest away: nothing to make up.
    if (holiday && calendar.weeklyClosedDays.includes(weekday(day)) && !calendar.closures.has(day)) return true;
  }
  return false;
}

/** `date` itself when the library is open then, else the first open day after it. */
export function nextOpenDay(date: CalendarDate, calendar: LibraryCalendar): CalendarDate {
  let day = date;
  for (let i = 0; i < MAX_CLOSED_RUN; i++) {
    if (closedReason(day, calendar) === null) return day;
    day = addDays(day, 1);
  }
  throw new RangeError(`the library calendar has no open day within a year of ${date}`);
}

/** The due date of a loan made (or renewed) on `from`: `days` later, moved off closed days. */
export function dueDateFrom(from: CalendarDate, days: number, calendar: LibraryCalendar): CalendarDate {
  return nextOpenDay(addDays(from, days), calendar);
}
