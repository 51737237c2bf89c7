/**
 * When the library is open, and the dates that follow from it: a due date or
 * a renewal's new due date that falls on a closed day moves to the next open
 * day (SPEC §4). Closed: the weekly closed day(s), Japan's national holidays
 * (from @holiday-jp/holiday_jp, kept up to date with the Cabinet Office's
 * list, substitute holidays included) and the dated closures staff enter.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import type { CalendarDate } from '../db/schema.ts';
import { addDays, weekday } from '../time.ts';

export interface LibraryCalendar {
  weeklyClosedDays: readonly number[];
  closedOnNationalHolidays: boolean;
  /** Dated closures (館内整理日, 年末年始 …). */
  closures: ReadonlySet<CalendarDate>;
}

export type ClosedReason = 'weekly' | 'holiday' | 'closure';

/** A year of closed days in a row would be a configuration error, not a calendar. */
const MAX_CLOSED_RUN = 366;

export function isNationalHoliday(date: CalendarDate): boolean {
  return Object.hasOwn(holidayJp.holidays, date);
}

/** Why the library is closed on `date`, or null when it is open. */
export function closedReason(date: CalendarDate, calendar: LibraryCalendar): ClosedReason | null {
  if (calendar.closures.has(date)) return 'closure';
  if (calendar.weeklyClosedDays.includes(weekday(date))) return 'weekly';
  if (calendar.closedOnNationalHolidays && isNationalHoliday(date)) return 'holiday';
  return null;
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
