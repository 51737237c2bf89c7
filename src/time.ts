/**
 * Calendar dates ('YYYY-MM-DD') in the library's time zone. Due dates and
 * pickup deadlines are dates, not instants: "due 12月19日" means the whole day
 * at the library, wherever the server's clock is set.
 */
import type { CalendarDate } from './db/schema.ts';
import { type DateStyle, dateTimeFormat } from './intl.ts';

const DAY: DateStyle = { year: 'numeric', month: '2-digit', day: '2-digit' };
const WALL_CLOCK: DateStyle = { ...DAY, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
const DAY_MS = 86_400_000;
/** UTC days remembered per time zone; a page's instants fall on a few dozen. */
const MAX_REMEMBERED_DAYS = 4096;

/**
 * Per time zone and UTC day: the zone's offset when it is the same at both
 * ends of the day, or null when a change of offset (summer time) falls in
 * it. The account page turns many instants into dates, and asking Intl for
 * each cost more than the rest of its date work together.
 */
const offsetsByDay = new Map<string, Map<number, number | null>>();

/** The calendar date at the library at instant `now`. */
export function libraryDate(now: Date, timeZone: string): CalendarDate {
  const offset = steadyOffset(timeZone, Math.floor(now.getTime() / DAY_MS));
  return offset === null ? dateByParts(now, timeZone) : new Date(now.getTime() + offset).toISOString().slice(0, 10);
}

/** The zone's offset over the whole UTC day `day`, or null when it changes during that day. */
function steadyOffset(timeZone: string, day: number): number | null {
  let days = offsetsByDay.get(timeZone);
  if (!days) offsetsByDay.set(timeZone, (days = new Map<number, number | null>()));
  let offset = days.get(day);
  if (offset === undefined) {
    const start = zoneOffset(new Date(day * DAY_MS), timeZone);
    offset = start === zoneOffset(new Date((day + 1) * DAY_MS), timeZone) ? start : null;
    if (days.size >= MAX_REMEMBERED_DAYS) days.clear();
    days.set(day, offset);
  }
  return offset;
}

/** Milliseconds the zone's wall clock is ahead of UTC at `instant` (whole seconds). */
function zoneOffset(instant: Date, timeZone: string): number {
  const parts = dateTimeFormat('en-CA', timeZone, WALL_CLOCK).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The library's date read from Intl directly: for the days a change of offset falls in. */
function dateByParts(now: Date, timeZone: string): CalendarDate {
  const parts = dateTimeFormat('en-CA', timeZone, DAY).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for an existing date written exactly 'YYYY-MM-DD' (not 2026-02-30, not 2026-2-3). */
export function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = parseCalendarDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return parseCalendarDate(date).getUTCDay();
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((parseCalendarDate(to).getTime() - parseCalendarDate(from).getTime()) / 86_400_000);
}

function parseCalendarDate(date: CalendarDate): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** The instant of noon at the library on `date`: a moment that is surely that date there, for jobs run "as on" a date. */
export function libraryNoon(date: CalendarDate, timeZone: string): Date {
  const noonUtc = parseCalendarDate(date).getTime() + 12 * 3_600_000;
  return new Date(noonUtc - zoneOffset(new Date(noonUtc), timeZone));
}

const CLOCK: DateStyle = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** The library's wall-clock time at instant `now`, 'HH:MM' (a bookmobile stop's time of day compares with it). */
export function libraryTime(now: Date, timeZone: string): string {
  const parts = dateTimeFormat('en-CA', timeZone, CLOCK).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')}`;
}
