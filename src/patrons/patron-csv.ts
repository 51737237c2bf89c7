/**
 * The patron CSV of SPEC §10: `card_number,name,name_kana,birth_date,phone,email`
 * plus an optional `legacy_password` column (1/0, true/false, yes/no) that
 * marks patrons still on the old birth-date initial password, and an
 * optional `category` column (a code of the settings' patronCategories, empty
 * for none; without the column, categories are left as they are). Each row is
 * checked on its own with the same parsing as the patron forms, so a bad
 * row is reported by its line and the others load.
 */
import { parse } from 'csv-parse/sync';
import type { LibraryRules } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';
import { readCategory } from './patron-category.rules.ts';
import { parseCardNumber, parseDate, parseEmail, phoneDigits } from './patron.rules.ts';

export const PATRON_CSV_COLUMNS = ['card_number', 'name', 'name_kana', 'birth_date', 'phone', 'email'] as const;

type Row = Record<(typeof PATRON_CSV_COLUMNS)[number] | 'legacy_password', string> & { category?: string };

/** What reading a patron file depends on in the settings. */
export type PatronFileRules = Pick<LibraryRules, 'cardNumberPattern' | 'patronCategories'>;

export interface ImportedPatron {
  cardNumber: string;
  name: string;
  nameKana: string;
  birthDate: CalendarDate;
  phone: string;
  email: string | null;
  legacyPassword: boolean;
  /** The category code, null for none; undefined when the file has no category column (leave it as it is). */
  category?: string | null;
}

export type PatronCsvEntry = { line: number; patron: ImportedPatron } | { line: number; error: string };

export class PatronCsvHeaderError extends Error {
  override name = 'PatronCsvHeaderError';
}

/** Each data row of the file with its line number: a patron, or why the row was skipped. */
export function parsePatronCsv(text: string, rules: PatronFileRules): PatronCsvEntry[] {
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
    const result = readRow(row, rules);
    if ('error' in result) return { line, error: result.error };
    const earlier = seen.get(result.cardNumber);
    if (earlier !== undefined) return { line, error: `card number ${result.cardNumber} already appears on line ${earlier}` };
    seen.set(result.cardNumber, line);
    return { line, patron: result };
  });
}

function readRow(row: Row, rules: PatronFileRules): ImportedPatron | { error: string } {
  const card = parseCardNumber(row.card_number, rules.cardNumberPattern);
  if (!card.ok) return { error: `card_number "${row.card_number}" does not match ${rules.cardNumberPattern}` };
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
  const category = row.category === undefined ? undefined : readCategory(rules, row.category);
  if (category && !category.ok) return { error: categoryError(row.category ?? '', rules) };
  return {
    cardNumber: card.cardNumber,
    name,
    nameKana,
    birthDate: birth.date,
    phone,
    email,
    legacyPassword: legacy === '1' || legacy === 'true' || legacy === 'yes',
    ...(category?.ok ? { category: category.code } : {}),
  };
}

function categoryError(input: string, rules: PatronFileRules): string {
  const codes = rules.patronCategories.map((c) => c.code);
  return codes.length === 0
    ? `category "${input}" given, but the settings name no patron categories (leave the column empty)`
    : `category "${input}" is not one of the settings' patron categories (${codes.join(', ')}), nor empty`;
}
