/**
 * Calendar dates ('YYYY-MM-DD') in the library's time zone. Due dates and
 * pickup deadlines are dates, not instants: "due 12月19日" means the whole day
 * at the library, wherever the server's clock is set.
 */
import type { CalendarDate } from './db/schema.ts';
import { type DateStyle, dateTimeFormat } from './intl.ts';

const DAY: DateStyle = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** The calendar date at the library at instant `now`. */
export function libraryDate(now: Date, timeZone: string): CalendarDate {
  const parts = dateTimeFormat('en-CA', timeZone, DAY).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
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
