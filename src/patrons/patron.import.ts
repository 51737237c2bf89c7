/** `import-patrons FILE.csv`: reads the file (UTF-8 or CP932), skips bad rows with their line numbers, writes the rest. */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type CsvEncoding, decodeCsv } from '../imports/csv-encoding.ts';
import { type ImportedPatron, parsePatronCsv } from './patron-csv.ts';
import { importPatrons, type PatronImportCounts } from './patrons.repo.ts';

export interface PatronImportSummary extends PatronImportCounts {
  read: number;
  skipped: { line: number; error: string }[];
}

export async function importPatronFile(
  db: Kysely<Database>,
  file: string,
  cardNumberPattern: string,
  now: Date,
  encoding?: CsvEncoding,
): Promise<PatronImportSummary> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`${file}: the file cannot be read`);
  }
  const entries = parsePatronCsv(decodeCsv(bytes, encoding), cardNumberPattern);
  const patrons: ImportedPatron[] = [];
  const skipped: PatronImportSummary['skipped'] = [];
  for (const entry of entries) {
    if ('patron' in entry) patrons.push(entry.patron);
    else skipped.push(entry);
  }
  const counts = await importPatrons(db, patrons, now);
  return { read: entries.length, skipped, ...counts };
}
