/**
 * 移動図書館の巡回日程: when the van stops at a 「BM」 station, and what that
 * means for a hold collected there. Pure: the calendar and dates come in.
 *
 * A station's stops are its pattern (the first stop, then every one or two
 * weeks, until an optional last day) plus listed extra stops, less listed
 * cancelled stops. The van keeps the library's days off too: a listed
 * closure (the library's or the station's own), a national holiday when the
 * library closes on them, and the 翌平日 of 「祝日開館・翌平日休館」 cancel a
 * stop, as a librarian expects when the whole staff is off. The weekly
 * closed days do not: the timetable chose the van's weekday itself, and a
 * van that runs on the library's Monday off is common. An extra stop listed
 * on such a day runs all the same: listing it is the admin saying so.
 */
import type { CalendarDate } from '../db/schema.ts';
import { addDays, daysBetween } from '../time.ts';
import { closedReason, isNationalHoliday, type LibraryCalendar } from './calendar.rules.ts';

/** A station's regular stops: `firstStop`, then every `everyWeeks` weeks until `lastStop` (null: no end). */
export interface StopPattern {
  firstStop: CalendarDate;
  everyWeeks: 1 | 2;
  lastStop: CalendarDate | null;
  /** 'HH:MM' at the station, both or neither. */
  arrives: string | null;
  departs: string | null;
}

/** A dated exception: an extra stop, or a regular stop cancelled, with the admin's note. */
export interface StopChange {
  date: CalendarDate;
  kind: 'extra' | 'cancelled';
  note: string;
}

export interface StationTimetable {
  pattern: StopPattern | null;
  changes: readonly StopChange[];
}

/** Why a stop does not run: listed as cancelled, or a day the library is off. */
export type StopCancelled = 'listed' | 'closure' | 'holiday' | 'afterHoliday';

/** A day the timetable names: a regular or extra stop, running or cancelled (and why). */
export interface StopDay {
  date: CalendarDate;
  extra: boolean;
  cancelled: StopCancelled | null;
  note: string;
}

/** A range longer than this is not a timetable question (a year and a bit covers any list or deadline). */
export const MAX_RANGE_DAYS = 400;

/** How far ahead a ready copy's stop is looked for; with none in it, the station counts as having no timetable. */
const STOP_HORIZON_DAYS = 366;

/** The pattern's dates from `from` to `to`, both included. */
function patternDates(pattern: StopPattern, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const step = 7 * pattern.everyWeeks;
  const start = from > pattern.firstStop ? from : pattern.firstStop;
  const end = pattern.lastStop !== null && pattern.lastStop < to ? pattern.lastStop : to;
  const dates: CalendarDate[] = [];
  let day = addDays(pattern.firstStop, Math.ceil(daysBetween(pattern.firstStop, start) / step) * step);
  for (; day <= end; day = addDays(day, step)) dates.push(day);
  return dates;
}

/** Why the library's days off cancel a stop on `date` at the station (its calendarAt), or null when the van runs. */
export function libraryCancels(date: CalendarDate, calendar: LibraryCalendar): StopCancelled | null {
  if (calendar.openDays?.has(date)) return null;
  if (calendar.closures.has(date)) return 'closure';
  if (calendar.closedOnNationalHolidays && isNationalHoliday(date)) return 'holiday';
  return closedReason(date, calendar) === 'afterHoliday' ? 'afterHoliday' : null;
}

/**
 * Every day from `from` to `to` the timetable names, in date order: the
 * pattern's days and the extra stops, each running or cancelled (a listed
 * cancellation first, then the library's days off; an extra stop always runs).
 */
export function stopDays(timetable: StationTimetable, calendar: LibraryCalendar, from: CalendarDate, to: CalendarDate): StopDay[] {
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw new RangeError(`a timetable range of more than ${MAX_RANGE_DAYS} days`);
  const changes = new Map(timetable.changes.filter((c) => c.date >= from && c.date <= to).map((c) => [c.date, c]));
  const days = new Map<CalendarDate, StopDay>();
  for (const date of timetable.pattern ? patternDates(timetable.pattern, from, to) : []) {
    const change = changes.get(date);
    const cancelled = change?.kind === 'cancelled' ? 'listed' : change?.kind === 'extra' ? null : libraryCancels(date, calendar);
    days.set(date, { date, extra: false, cancelled, note: change?.note ?? '' });
  }
  for (const change of changes.values()) {
    if (change.kind === 'extra' && !days.has(change.date))
      days.set(change.date, { date: change.date, extra: true, cancelled: null, note: change.note });
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The days the van really stops at the station from `from` to `to`. */
export function stopsBetween(timetable: StationTimetable, calendar: LibraryCalendar, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  return stopDays(timetable, calendar, from, to)
    .filter((day) => day.cancelled === null)
    .map((day) => day.date);
}

/** When a copy became ready: the library's date and wall-clock time ('HH:MM'). */
export interface ReadyMoment {
  date: CalendarDate;
  time: string;
}

/**
 * The stop a copy ready at `ready` rides to: the first stop after that
 * day, or that day's own stop when the copy was ready before the van
 * arrives (a stop with no time of day gives no such chance: the van is
 * loaded before it leaves, at an hour the timetable does not say). Null
 * when no stop lies within a year.
 */
export function nextStop(timetable: StationTimetable, calendar: LibraryCalendar, ready: ReadyMoment): CalendarDate | null {
  const arrives = timetable.pattern?.arrives ?? null;
  const sameDay = arrives !== null && ready.time < arrives;
  const from = sameDay ? ready.date : addDays(ready.date, 1);
  return stopsBetween(timetable, calendar, from, addDays(ready.date, STOP_HORIZON_DAYS))[0] ?? null;
}

/** A ready hold's dates: the pickup deadline, and the stop its copy rides to (null away from a station with stops). */
export interface PickupDates {
  deadline: CalendarDate;
  stop: CalendarDate | null;
}

/**
 * The dates of a hold readied for a station: the patron collects it at the
 * next stop, and it waits until that stop or the usual hold-shelf deadline
 * (`shelfDeadline`, the one-week rule), whichever is later. A station with
 * no timetable, or none ahead, keeps the usual deadline.
 */
export function stationPickup(
  timetable: StationTimetable | null,
  calendar: LibraryCalendar,
  ready: ReadyMoment,
  shelfDeadline: CalendarDate,
): PickupDates {
  const stop = timetable ? nextStop(timetable, calendar, ready) : null;
  return { stop, deadline: stop !== null && stop > shelfDeadline ? stop : shelfDeadline };
}

/**
 * A ready hold's dates once the timetable changes: unchanged (null) while
 * its stop still runs; else the next stop after it, and a deadline never
 * shortened but reaching that stop, so the patron still has a stop to
 * collect it at. With no stop ahead the stop is dropped and the deadline kept.
 */
export function restop(
  timetable: StationTimetable | null,
  calendar: LibraryCalendar,
  hold: { stop: CalendarDate; deadline: CalendarDate },
): PickupDates | null {
  if (timetable && stopsBetween(timetable, calendar, hold.stop, hold.stop).length > 0) return null;
  const after = addDays(hold.stop, 1);
  const next = timetable ? (stopsBetween(timetable, calendar, after, addDays(after, STOP_HORIZON_DAYS))[0] ?? null) : null;
  return { stop: next, deadline: next !== null && next > hold.deadline ? next : hold.deadline };
}
