/** `import-patrons FILE.csv`: reads the file (UTF-8 or CP932), skips bad rows with their line numbers, writes the rest. */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inChunks } from '../imports/chunks.ts';
import { type CsvEncoding, decodeCsv } from '../imports/csv-encoding.ts';
import { type ImportedPatron, parsePatronCsv, type PatronFileRules } from './patron-csv.ts';
import { importPatrons, type PatronImportCounts, retiredCardNumbers } from './patrons.repo.ts';

export interface PatronImportSummary extends PatronImportCounts {
  read: number;
  skipped: { line: number; error: string }[];
}

export interface PatronImportOptions {
  encoding?: CsvEncoding;
  /** Called after each committed chunk with the rows dealt with (bad ones included) and the file's total. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Reads the file and writes its good rows in chunks, each its own transaction, so the database is free between them. */
export async function importPatronFile(
  db: Kysely<Database>,
  file: string,
  rules: PatronFileRules,
  now: Date,
  options: PatronImportOptions = {},
): Promise<PatronImportSummary> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`${file}: the file cannot be read`);
  }
  return importPatronBytes(db, bytes, rules, now, options);
}

/** Imports a patrons CSV already in memory (an upload). */
export async function importPatronBytes(
  db: Kysely<Database>,
  bytes: Uint8Array,
  rules: PatronFileRules,
  now: Date,
  options: PatronImportOptions = {},
): Promise<PatronImportSummary> {
  const entries = parsePatronCsv(decodeCsv(bytes, options.encoding), rules);
  const rows: { line: number; patron: ImportedPatron }[] = [];
  const skipped: PatronImportSummary['skipped'] = [];
  for (const entry of entries) {
    if ('patron' in entry) rows.push(entry);
    else skipped.push(entry);
  }
  const summary: PatronImportSummary = { read: entries.length, skipped, imported: 0, updated: 0, unchanged: 0 };
  const writeChunk = async (chunk: typeof rows) => {
    // A number a reissue retired is never given again, not even by the registration system's file.
    const retired = await retiredCardNumbers(
      db,
      chunk.map((row) => row.patron.cardNumber),
    );
    for (const row of chunk.filter((r) => retired.has(r.patron.cardNumber)))
      skipped.push({ line: row.line, error: `card number ${row.patron.cardNumber} was retired when its card was reissued` });
    const counts = await importPatrons(
      db,
      chunk.filter((r) => !retired.has(r.patron.cardNumber)).map((r) => r.patron),
      now,
    );
    summary.imported += counts.imported;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
  };
  await inChunks(rows, writeChunk, { done: skipped.length, total: entries.length, onProgress: options.onProgress });
  return summary;
}
