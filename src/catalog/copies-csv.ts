/**
 * The copies CSV of SPEC §11: `barcode,record_id,isbn,place,shelf_mark,status`.
 * `record_id` is the catalog CSV's `id` or the MARC 001; when it is empty the
 * ISBN finds the record. `place` is a library's pickup-place code (empty: the
 * first library); `status` is on_shelf (empty), reference_only, lost or
 * withdrawn. Each row is checked on its own and reported by its line (the
 * header is line 1), so one bad row never stops the others.
 */
import { parse } from 'csv-parse/sync';
import { isCopyBarcode, toIsbn13 } from './catalog.rules.ts';

export const COPIES_CSV_COLUMNS = ['barcode', 'record_id', 'isbn', 'place', 'shelf_mark', 'status'] as const;
const copyStatuses = ['on_shelf', 'reference_only', 'lost', 'withdrawn'] as const;
const MAX_SHELF_MARK = 100;

type Row = Record<(typeof COPIES_CSV_COLUMNS)[number], string>;

export interface ImportedCopy {
  barcode: string;
  /** How the record is found: its source id, else its ISBN-13. */
  record: { sourceId: string } | { isbn: string };
  /** A library's place code as configured. */
  place: string;
  shelfMark: string;
  status: 'on_shelf' | 'lost' | 'withdrawn';
  referenceOnly: boolean;
}

export type CopyCsvEntry = { line: number; copy: ImportedCopy } | { line: number; error: string };

export class CopiesCsvHeaderError extends Error {
  override name = 'CopiesCsvHeaderError';
}

/** Each data row with its line: a copy to add, or why the row is skipped. `libraryPlaces` are the library codes, the default first. */
export function parseCopiesCsv(text: string, libraryPlaces: readonly string[]): CopyCsvEntry[] {
  // With `info`, csv-parse returns each record with its line number; its types do not model that option.
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const missing = COPIES_CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new CopiesCsvHeaderError(`the CSV header lacks the column(s) ${missing.join(', ')}`);
  const seen = new Map<string, number>();
  return records.slice(1).map(({ record: cells, info }): CopyCsvEntry => {
    const line = info.lines;
    if (cells.length !== header.length) return { line, error: `${cells.length} columns where the header has ${header.length}` };
    const row = Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])) as Row;
    const result = readRow(row, libraryPlaces);
    if ('error' in result) return { line, error: result.error };
    const key = result.barcode.toUpperCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) return { line, error: `barcode ${result.barcode} already appears on line ${earlier}` };
    seen.set(key, line);
    return { line, copy: result };
  });
}

function readRow(row: Row, libraryPlaces: readonly string[]): ImportedCopy | { error: string } {
  if (!isCopyBarcode(row.barcode)) return { error: `barcode "${row.barcode}" must be 1 to 32 letters, digits or hyphens` };
  if (row.record_id.length > 64) return { error: 'record_id must be at most 64 characters' };
  const isbn = row.isbn ? toIsbn13(row.isbn) : null;
  if (!row.record_id && !isbn)
    return { error: row.isbn ? `ISBN ${row.isbn} is not a valid ISBN-10 or ISBN-13` : 'record_id or isbn is needed to find the record' };
  const place = row.place ? libraryPlaces.find((code) => code.toLowerCase() === row.place.toLowerCase()) : libraryPlaces[0];
  if (!place) return { error: `place "${row.place}" is not a library (one of ${libraryPlaces.join(', ')})` };
  if (row.shelf_mark.length > MAX_SHELF_MARK) return { error: `shelf_mark must be at most ${MAX_SHELF_MARK} characters` };
  const status = copyStatuses.find((s) => s === (row.status || 'on_shelf'));
  if (!status) return { error: `status must be ${copyStatuses.join(', ')} (got "${row.status}")` };
  return {
    barcode: row.barcode,
    record: row.record_id ? { sourceId: row.record_id } : { isbn: isbn! },
    place,
    shelfMark: row.shelf_mark,
    status: status === 'reference_only' ? 'on_shelf' : status,
    referenceOnly: status === 'reference_only',
  };
}
