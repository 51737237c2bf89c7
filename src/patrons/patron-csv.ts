/**
 * The patron CSV of SPEC §10: `card_number,name,name_kana,birth_date,phone,email`
 * plus an optional `legacy_password` column (1/0, true/false, yes/no) that
 * marks patrons still on the old birth-date initial password. Each row is
 * checked on its own with the same parsing as the patron forms, so a bad
 * row is reported by its line and the others load.
 */
import { parse } from 'csv-parse/sync';
import type { CalendarDate } from '../db/schema.ts';
import { parseCardNumber, parseDate, parseEmail, phoneDigits } from './patron.rules.ts';

export const PATRON_CSV_COLUMNS = ['card_number', 'name', 'name_kana', 'birth_date', 'phone', 'email'] as const;

type Row = Record<(typeof PATRON_CSV_COLUMNS)[number] | 'legacy_password', string>;

export interface ImportedPatron {
  cardNumber: string;
  name: string;
  nameKana: string;
  birthDate: CalendarDate;
  phone: string;
  email: string | null;
  legacyPassword: boolean;
}

export type PatronCsvEntry = { line: number; patron: ImportedPatron } | { line: number; error: string };

export class PatronCsvHeaderError extends Error {
  override name = 'PatronCsvHeaderError';
}

/** Each data row of the file with its line number: a patron, or why the row was skipped. */
export function parsePatronCsv(text: string, cardNumberPattern: string): PatronCsvEntry[] {
  // With `info`, csv-parse returns each record with its line number; its types do not model that option.
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const missing = PATRON_CSV_COLUMNS.filter((column) => column !== 'email' && !header.includes(column));
  if (missing.length > 0) throw new PatronCsvHeaderError(`the CSV header lacks the column(s) ${missing.join(', ')}`);
  const seen = new Map<string, number>();
  return records.slice(1).map(({ record: cells, info }): PatronCsvEntry => {
    const line = info.lines;
    if (cells.length !== header.length) return { line, error: `${cells.length} columns where the header has ${header.length}` };
    const row = Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])) as Row;
    const result = readRow(row, cardNumberPattern);
    if ('error' in result) return { line, error: result.error };
    const earlier = seen.get(result.cardNumber);
    if (earlier !== undefined) return { line, error: `card number ${result.cardNumber} already appears on line ${earlier}` };
    seen.set(result.cardNumber, line);
    return { line, patron: result };
  });
}

function readRow(row: Row, cardNumberPattern: string): ImportedPatron | { error: string } {
  const card = parseCardNumber(row.card_number, cardNumberPattern);
  if (!card.ok) return { error: `card_number "${row.card_number}" does not match ${cardNumberPattern}` };
  const name = row.name.normalize('NFKC');
  if (name === '' || name.length > 200) return { error: 'name must be 1 to 200 characters' };
  const nameKana = (row.name_kana ?? '').normalize('NFKC');
  if (nameKana.length > 200) return { error: 'name_kana must be at most 200 characters' };
  const birth = parseDate(row.birth_date);
  if (!birth.ok) return { error: `birth_date "${row.birth_date}" is not a date (${birth.reason})` };
  const phone = phoneDigits(row.phone);
  if (phone.length > 15) return { error: `phone "${row.phone}" has more than 15 digits` };
  let email: string | null = null;
  if (row.email) {
    const parsed = parseEmail(row.email);
    if (!parsed.ok) return { error: `email "${row.email}" is not an e-mail address (${parsed.reason})` };
    email = parsed.email;
  }
  const legacy = (row.legacy_password ?? '').toLowerCase();
  if (!['', '0', '1', 'true', 'false', 'yes', 'no'].includes(legacy))
    return { error: `legacy_password must be 1 or 0 (got "${row.legacy_password}")` };
  return {
    cardNumber: card.cardNumber,
    name,
    nameKana,
    birthDate: birth.date,
    phone,
    email,
    legacyPassword: legacy === '1' || legacy === 'true' || legacy === 'yes',
  };
}
