/**
 * Dates and times as the library writes them, in one place: a calendar date
 * (a due date, a pickup deadline) with its weekday, and an instant in the
 * library's time zone.
 */
import type { Locale } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';
import { type DateStyle, dateTimeFormat } from '../intl.ts';

const intlLocale: Record<Locale, string> = { ja: 'ja-JP', en: 'en-GB' };

const CALENDAR_DATE: DateStyle = { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' };
const DATE_TIME: DateStyle = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const MONTH_DAY: DateStyle = { month: 'long', day: 'numeric' };
const TIME: DateStyle = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** Distinct dates remembered per style and locale before starting afresh. */
const MAX_REMEMBERED_DATES = 4096;

/**
 * A calendar date written in `style`, remembered: a page writes the same
 * few dozen due dates and deadlines for every patron, and Intl costs
 * microseconds a call where a lookup costs nanoseconds.
 */
function dateWriter(style: DateStyle): (date: CalendarDate, locale: Locale) => string {
  const written: Record<Locale, Map<CalendarDate, string>> = { ja: new Map(), en: new Map() };
  return (date, locale) => {
    const known = written[locale];
    let text = known.get(date);
    if (text === undefined) {
      // A calendar date has no time zone: read and write it as UTC midnight.
      text = dateTimeFormat(intlLocale[locale], 'UTC', style).format(new Date(`${date}T00:00:00Z`));
      if (known.size >= MAX_REMEMBERED_DATES) known.clear();
      known.set(date, text);
    }
    return text;
  };
}

/** 「2026年12月8日(火)」 / "Tue, 8 December 2026". */
export const formatCalendarDate = dateWriter(CALENDAR_DATE);

/** 「2026/12/01 10:00」 / "01/12/2026, 10:00" at the library. */
export function formatDateTime(instant: Date, locale: Locale, timeZone: string): string {
  return dateTimeFormat(intlLocale[locale], timeZone, DATE_TIME).format(instant);
}

/** 「12月19日」 / "19 December": a date in a short label, such as the renew button's. */
export const formatMonthDay = dateWriter(MONTH_DAY);

/** 「10:05」: a time of day at the library, such as the age of an offline page. */
export function formatTime(instant: Date, timeZone: string): string {
  return dateTimeFormat('en-GB', timeZone, TIME).format(instant);
}
