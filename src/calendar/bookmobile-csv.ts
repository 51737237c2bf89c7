/**
 * The bookmobile exceptions CSV: `station,date,kind[,note]`, one listed stop
 * a row (kind `stop` for an extra stop, `cancel` for a cancelled one; 停車
 * and 運休 too). Read with csv-parse as the other imports are, in UTF-8 or
 * CP932; every row is checked with the admin form's own readers, and the
 * file is taken whole or not at all: a timetable half imported would tell
 * patrons wrong stops. Each problem names its line.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { FormError } from '../../templates/parts/form.tsx';
import type { CalendarDate } from '../db/schema.ts';
import { parseDate } from '../patrons/patron.rules.ts';
import { inChangeWindow, readChangeKind, readStation } from './bookmobile.forms.ts';
import type { StopChange } from './bookmobile.rules.ts';
import { cleanNote, MAX_NOTE } from './calendar.forms.ts';

export const STOP_CSV_COLUMNS = ['station', 'date', 'kind', 'note'] as const;

/** A year of stops at a few dozen stations is far below this; more is not a timetable. */
export const MAX_STOP_ROWS = 2000;

/** The problems shown of a bad file; the first few are enough to fix the spreadsheet. */
const MAX_SHOWN_ERRORS = 20;

export type StopCsvResult = { ok: true; rows: { station: string; change: StopChange }[] } | { ok: false; errors: FormError[] };

function lineError(line: number, key: FormError['key'], params: Record<string, string | number> = {}): FormError {
  return { field: 'file', key, params: { line, ...params } };
}

/** The file's rows as exceptions, or every problem (up to MAX_SHOWN_ERRORS) with its line. */
export function parseStopCsv(text: string, stations: readonly string[], today: CalendarDate): StopCsvResult {
  // With `info`, csv-parse returns each record with its line number; its types do not model that option.
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = records[0]?.record.map((h) => h.normalize('NFKC').trim().toLowerCase()) ?? [];
  const missing = STOP_CSV_COLUMNS.filter((column) => column !== 'note' && !header.includes(column));
  if (missing.length > 0)
    return { ok: false, errors: [{ field: 'file', key: 'admin.bookmobile.csv.header', params: { columns: STOP_CSV_COLUMNS.join(',') } }] };
  if (records.length - 1 > MAX_STOP_ROWS)
    return { ok: false, errors: [{ field: 'file', key: 'admin.bookmobile.csv.tooMany', params: { max: MAX_STOP_ROWS } }] };
  if (records.length === 1) return { ok: false, errors: [{ field: 'file', key: 'admin.bookmobile.csv.empty' }] };
  const errors: FormError[] = [];
  const rows: { station: string; change: StopChange }[] = [];
  const seen = new Map<string, number>();
  for (const { record: cells, info } of records.slice(1)) {
    const line = info.lines;
    if (cells.length !== header.length) {
      errors.push(lineError(line, 'admin.bookmobile.csv.columns', { count: cells.length, expected: header.length }));
      continue;
    }
    const cell = (name: string) => cells[header.indexOf(name)] ?? '';
    const read = readRow({ station: cell('station'), date: cell('date'), kind: cell('kind'), note: cell('note') }, stations, today, line);
    if ('errors' in read) {
      errors.push(...read.errors);
      continue;
    }
    const key = `${read.station} ${read.change.date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) errors.push(lineError(line, 'admin.bookmobile.csv.duplicate', { earlier }));
    seen.set(key, line);
    rows.push(read);
  }
  if (errors.length > 0) return { ok: false, errors: shown(errors) };
  return { ok: true, rows };
}

function readRow(
  row: { station: string; date: string; kind: string; note: string },
  stations: readonly string[],
  today: CalendarDate,
  line: number,
): { station: string; change: StopChange } | { errors: FormError[] } {
  const errors: FormError[] = [];
  const station = readStation(row.station, stations);
  if (station === null) errors.push(lineError(line, 'admin.bookmobile.csv.station', { value: row.station.slice(0, 40) }));
  const date = parseDate(row.date);
  if (!date.ok) errors.push(lineError(line, 'admin.bookmobile.csv.date', { value: row.date.slice(0, 40) }));
  else if (!inChangeWindow(date.date, today)) errors.push(lineError(line, 'admin.bookmobile.csv.dateOutOfRange', { value: date.date }));
  const kind = readChangeKind(row.kind);
  if (kind === null) errors.push(lineError(line, 'admin.bookmobile.csv.kind', { value: row.kind.slice(0, 40) }));
  const note = cleanNote(row.note);
  if (note.length > MAX_NOTE) errors.push(lineError(line, 'admin.bookmobile.csv.note', { max: MAX_NOTE }));
  if (station === null || !date.ok || kind === null || errors.length > 0) return { errors };
  return { station, change: { date: date.date, kind, note } };
}

/** As parseStopCsv, with csv-parse's own refusal of a malformed file (an unclosed quote) as one more problem. */
export function readStopCsv(text: string, stations: readonly string[], today: CalendarDate): StopCsvResult {
  try {
    return parseStopCsv(text, stations, today);
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, errors: [{ field: 'file', key: 'admin.bookmobile.csv.malformed' }] };
    throw error;
  }
}

/** The first problems, and one line saying how many more there are. */
function shown(errors: FormError[]): FormError[] {
  if (errors.length <= MAX_SHOWN_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_SHOWN_ERRORS),
    { field: 'file', key: 'admin.bookmobile.csv.more', params: { count: errors.length - MAX_SHOWN_ERRORS } },
  ];
}
