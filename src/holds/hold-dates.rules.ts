/**
 * The dates a patron types for a hold: 保留の期限 (`until`) and 予約の有効期限
 * (`need_by`). Pure: `today` is the library's date.
 */
import type { CalendarDate } from '../db/schema.ts';
import { addDays, isCalendarDate } from '../time.ts';
import { type FormValue, single } from './holds.rules.ts';

/** A hold is reserved for at most a year ahead: a later date is a typing mistake, not a plan. */
export const MAX_DAYS_AHEAD = 366;

export type HoldDateError = 'missing' | 'format' | 'notFuture' | 'tooFar';

export type HoldDate = { ok: true; date: CalendarDate | null } | { ok: false; error: HoldDateError };

/**
 * Reads a date field: NFKC first (full-width digits from a Japanese input
 * mode), 2026/12/24 and single-digit months or days accepted as a browser
 * without a date picker lets people type them; it must be after today and
 * within MAX_DAYS_AHEAD. An empty field is null when the date is optional.
 */
export function parseHoldDate(value: FormValue, today: CalendarDate, options: { optional: boolean }): HoldDate {
  const raw = single(value);
  // Repeated or not text: not something the form sends.
  if (value !== undefined && raw === null) return { ok: false, error: 'format' };
  const text = (raw ?? '').normalize('NFKC').trim();
  if (text === '') return options.optional ? { ok: true, date: null } : { ok: false, error: 'missing' };
  const parts = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  const date = parts ? `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}` : '';
  if (!isCalendarDate(date)) return { ok: false, error: 'format' };
  if (date <= today) return { ok: false, error: 'notFuture' };
  if (date > addDays(today, MAX_DAYS_AHEAD)) return { ok: false, error: 'tooFar' };
  return { ok: true, date };
}
