/**
 * Reading the bookmobile timetable's admin forms: a station's pattern (first
 * stop, every one or two weeks, optional last day and time of day) and a
 * listed exception (an extra or cancelled stop with a note). Dates and
 * times as the desk types them (全角, 2026年12月3日, 10時00分); each problem
 * names its field.
 */
import type { FormError } from '../../templates/parts/form.tsx';
import type { CalendarDate } from '../db/schema.ts';
import { parseDate } from '../patrons/patron.rules.ts';
import { addDays } from '../time.ts';
import type { StopChange, StopPattern } from './bookmobile.rules.ts';
import { cleanNote, MAX_NOTE } from './calendar.forms.ts';

type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormError[] };

/** Exceptions are listed from a year back (a file of the whole year) to two years ahead; further is a typing mistake. */
const CHANGE_WINDOW = { before: 366, after: 730 };

/** A time of day 'HH:MM' from 10:00, １０：００ or 10時00分; null when it is not one. */
export function parseTimeOfDay(raw: string): string | null {
  const match = /^(\d{1,2})(?::|時)(\d{2})分?$/.exec(raw.normalize('NFKC').replace(/\s/g, ''));
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The station a form names, if it is one of the bookmobile stations. */
export function readStation(raw: string, stations: readonly string[]): string | null {
  const code = raw.normalize('NFKC').trim().toLowerCase();
  return stations.includes(code) ? code : null;
}

/** The kind of exception as a form or a CSV file names it: an extra stop, or a cancelled one. */
export function readChangeKind(raw: string): StopChange['kind'] | null {
  const kind = raw.normalize('NFKC').trim().toLowerCase();
  if (['stop', 'extra', '停車', '臨時'].includes(kind)) return 'extra';
  if (['cancel', 'cancelled', 'canceled', '運休', '休止'].includes(kind)) return 'cancelled';
  return null;
}

/** Whether `date` is in the window exceptions may be listed in around `today`. */
export function inChangeWindow(date: CalendarDate, today: CalendarDate): boolean {
  return date >= addDays(today, -CHANGE_WINDOW.before) && date <= addDays(today, CHANGE_WINDOW.after);
}

export interface PatternForm {
  station: string;
  first_stop: string;
  every_weeks: string;
  last_stop: string;
  arrives: string;
  departs: string;
}

/** A station's pattern from the pattern form. */
export function readPatternForm(form: PatternForm, stations: readonly string[]): FormResult<{ station: string; pattern: StopPattern }> {
  const errors: FormError[] = [];
  const station = readStation(form.station, stations);
  if (station === null) errors.push({ field: 'station', key: 'admin.bookmobile.badStation' });
  const first = parseDate(form.first_stop);
  if (!first.ok) errors.push({ field: 'first_stop', key: `admin.calendar.date.${first.reason}` });
  const everyWeeks = form.every_weeks === '1' ? 1 : form.every_weeks === '2' ? 2 : null;
  if (everyWeeks === null) errors.push({ field: 'every_weeks', key: 'admin.bookmobile.badEvery' });
  const last = form.last_stop.trim() === '' ? null : parseDate(form.last_stop);
  if (last && !last.ok) errors.push({ field: 'last_stop', key: `admin.calendar.date.${last.reason}` });
  if (first.ok && last?.ok && last.date < first.date) errors.push({ field: 'last_stop', key: 'admin.bookmobile.lastBeforeFirst' });
  const times = readTimes(form.arrives, form.departs);
  if ('error' in times) errors.push(times.error);
  if (station === null || !first.ok || everyWeeks === null || (last && !last.ok) || 'error' in times || errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: { station, pattern: { firstStop: first.date, everyWeeks, lastStop: last?.date ?? null, ...times } },
  };
}

/** The stop's arrival and departure: both or neither, the departure after the arrival. */
function readTimes(arrivesRaw: string, departsRaw: string): { arrives: string | null; departs: string | null } | { error: FormError } {
  if (arrivesRaw.trim() === '' && departsRaw.trim() === '') return { arrives: null, departs: null };
  const arrives = parseTimeOfDay(arrivesRaw);
  if (arrives === null) return { error: { field: 'arrives', key: 'admin.bookmobile.badTime' } };
  const departs = parseTimeOfDay(departsRaw);
  if (departs === null) return { error: { field: 'departs', key: 'admin.bookmobile.badTime' } };
  if (departs <= arrives) return { error: { field: 'departs', key: 'admin.bookmobile.departsBeforeArrives' } };
  return { arrives, departs };
}

export interface ChangeForm {
  station: string;
  date: string;
  kind: string;
  note: string;
}

/** A listed exception from the exception form, on a date in the window around `today`. */
export function readChangeForm(
  form: ChangeForm,
  stations: readonly string[],
  today: CalendarDate,
): FormResult<{ station: string; change: StopChange }> {
  const errors: FormError[] = [];
  const station = readStation(form.station, stations);
  if (station === null) errors.push({ field: 'change_station', key: 'admin.bookmobile.badStation' });
  const date = parseDate(form.date);
  if (!date.ok) errors.push({ field: 'change_date', key: `admin.calendar.date.${date.reason}` });
  else if (!inChangeWindow(date.date, today)) errors.push({ field: 'change_date', key: 'admin.bookmobile.dateOutOfRange' });
  const kind = readChangeKind(form.kind);
  if (kind === null) errors.push({ field: 'change_kind', key: 'admin.bookmobile.badKind' });
  const note = cleanNote(form.note);
  if (note.length > MAX_NOTE) errors.push({ field: 'change_note', key: 'admin.calendar.noteTooLong', params: { max: MAX_NOTE } });
  if (station === null || !date.ok || kind === null || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { station, change: { date: date.date, kind, note } } };
}
