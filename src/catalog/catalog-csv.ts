/**
 * The SPEC's catalog CSV: `id,material,title,title_kana,author,author_kana,
 * publisher,year,isbn,subject,serial,issue,issue_date,barcodes`, plus an
 * optional `av_format` (cd, dvd). Each row is checked on its own, so one bad
 * row is reported by its line and the others load.
 */
import { parse } from 'csv-parse/sync';
import { isCopyBarcode, materials, toIsbn13 } from './catalog.rules.ts';
import type { ImportRecord, ParsedEntry } from './import-record.ts';
import { isCalendarDate } from '../time.ts';

export const CSV_COLUMNS = [
  'id',
  'material',
  'title',
  'title_kana',
  'author',
  'author_kana',
  'publisher',
  'year',
  'isbn',
  'subject',
  'serial',
  'issue',
  'issue_date',
  'barcodes',
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number] | 'av_format', string>;

export class CsvHeaderError extends Error {
  override name = 'CsvHeaderError';
}

/** Parses the CSV text; throws CsvHeaderError when the header lacks a required column. */
export function parseCatalogCsv(text: string): ParsedEntry[] {
  // With `info`, csv-parse returns each record with its line number; its types do not model that option.
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new CsvHeaderError(`the CSV header lacks the column(s) ${missing.join(', ')}`);
  return records.slice(1).map(({ record: cells, info }) => {
    const position = `line ${info.lines}`;
    if (cells.length !== header.length) return { position, error: `${cells.length} columns where the header has ${header.length}` };
    const row = Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])) as Row;
    const error = rowError(row);
    return error ? { position, error } : { position, record: toImportRecord(row) };
  });
}

function rowError(row: Row): string | null {
  if (!row.id || row.id.length > 64) return 'id must be 1 to 64 characters';
  if (!materials.some((m) => m === row.material)) return `material must be book, magazine or av (got "${row.material}")`;
  if (!row.title || row.title.length > 1000) return 'title must be 1 to 1000 characters';
  if (row.year && !/^\d{1,4}$/.test(row.year)) return `year must be a number (got "${row.year}")`;
  if (row.isbn && !toIsbn13(row.isbn)) return `ISBN ${row.isbn} is not a valid ISBN-10 or ISBN-13`;
  if (row.material === 'magazine') {
    if (!row.serial) return 'a magazine needs its serial';
    if (!isCalendarDate(row.issue_date)) return `issue_date must be a date YYYY-MM-DD (got "${row.issue_date}")`;
  }
  const format = row.av_format ?? '';
  if (format && (row.material !== 'av' || (format !== 'cd' && format !== 'dvd'))) return 'av_format must be cd or dvd, and only for av';
  const badBarcode = barcodes(row).find((b) => !isCopyBarcode(b));
  if (badBarcode !== undefined) return `barcode "${badBarcode}" must be 1 to 32 letters, digits or hyphens`;
  return null;
}

function barcodes(row: Row): string[] {
  return row.barcodes
    .split(';')
    .map((b) => b.trim())
    .filter(Boolean);
}

function toImportRecord(row: Row): ImportRecord {
  const magazine = row.material === 'magazine';
  const format = row.av_format;
  return {
    sourceId: row.id,
    material: materials.find((m) => m === row.material)!,
    avFormat: format === 'cd' || format === 'dvd' ? format : null,
    title: row.title,
    titleKana: row.title_kana,
    author: row.author,
    authorKana: row.author_kana,
    publisher: row.publisher,
    pubYear: row.year ? Number(row.year) : null,
    isbn: row.isbn ? toIsbn13(row.isbn) : null,
    ndc: '',
    subject: row.subject,
    series: '',
    seriesKana: '',
    serial: magazine ? { sourceId: `csv-serial:${row.serial}`, title: row.serial, titleKana: '' } : null,
    issueLabel: magazine ? row.issue : null,
    issueDate: magazine ? row.issue_date : null,
    copies: barcodes(row).map((barcode) => ({ barcode, place: null, shelfMark: null })),
  };
}
