/**
 * Reading the calendar admin forms: a closure's first and last day, note
 * and place, an open day's date and note. Dates as the desk types them (全角,
 * 2026年12月29日, 令和8年…); each problem names its field.
 */
import type { FormError } from '../../templates/parts/form.tsx';
import type { CalendarDate } from '../db/schema.ts';
import { parseDate } from '../patrons/patron.rules.ts';
import { type ClosureRange, MAX_CLOSURE_DAYS, rangeLength } from './calendar.rules.ts';

export const MAX_NOTE = 100;

type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormError[] };

/** A one-line note: control characters have no place in it, and PostgreSQL refuses NUL in text. */
export function cleanNote(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

function noteErrors(note: string, field: string): FormError[] {
  return note.length > MAX_NOTE ? [{ field, key: 'admin.calendar.noteTooLong', params: { max: MAX_NOTE } }] : [];
}

/** The place a form names: '' for the whole library (null), else one of `places`; undefined when it names none of them. */
export function readPlace(raw: string, places: readonly string[]): string | null | undefined {
  if (raw === '') return null;
  return places.includes(raw) ? raw : undefined;
}

/** A closure from the form's `from`, `to` (empty: the same day), `note` and `place` (empty: the whole library). */
export function readClosureForm(
  form: { from: string; to: string; note: string; place: string },
  places: readonly string[],
): FormResult<ClosureRange & { note: string; place: string | null }> {
  const from = parseDate(form.from);
  const to = form.to.trim() === '' ? from : parseDate(form.to);
  const note = cleanNote(form.note);
  const errors: FormError[] = [];
  if (!from.ok) errors.push({ field: 'from', key: `admin.calendar.date.${from.reason}` });
  if (!to.ok && form.to.trim() !== '') errors.push({ field: 'to', key: `admin.calendar.date.${to.reason}` });
  if (from.ok && to.ok) errors.push(...rangeErrors({ from: from.date, to: to.date }));
  errors.push(...noteErrors(note, 'note'));
  const place = readPlace(form.place, places);
  if (place === undefined) errors.push({ field: 'place', key: 'admin.calendar.badPlace' });
  if (!from.ok || !to.ok || place === undefined || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { from: from.date, to: to.date, note, place } };
}

function rangeErrors(range: ClosureRange): FormError[] {
  if (range.to < range.from) return [{ field: 'to', key: 'admin.calendar.toBeforeFrom' }];
  if (rangeLength(range) > MAX_CLOSURE_DAYS) return [{ field: 'to', key: 'admin.calendar.tooLong', params: { max: MAX_CLOSURE_DAYS } }];
  return [];
}

/** An explicit open day from the form's `open_date` and `open_note`. */
export function readOpenDayForm(form: { open_date: string; open_note: string }): FormResult<{ date: CalendarDate; note: string }> {
  const date = parseDate(form.open_date);
  const note = cleanNote(form.open_note);
  const errors: FormError[] = [];
  if (!date.ok) errors.push({ field: 'open_date', key: `admin.calendar.date.${date.reason}` });
  errors.push(...noteErrors(note, 'open_note'));
  if (!date.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { date: date.date, note } };
}
