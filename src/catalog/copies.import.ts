/**
 * `import-copies FILE.csv`: copies for records already in the catalog (SPEC
 * §11). Idempotent on the barcode: a barcode the record already has is left
 * as it is, one another record has is a bad row. Rows go in chunks, each its
 * own transaction, so a large file never holds the database for long.
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inChunks } from '../imports/chunks.ts';
import { type CsvEncoding, decodeCsv } from '../imports/csv-encoding.ts';
import { insertCopies } from './catalog.repo.ts';
import { type ImportedCopy, parseCopiesCsv } from './copies-csv.ts';
import { findCopyOwners, findRecordKeys } from './copies.repo.ts';

export interface CopyImportOptions {
  /** The library place codes, the default first. */
  libraryPlaces: readonly string[];
  encoding?: CsvEncoding;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export interface CopyImportSummary {
  /** Data rows in the file, bad ones included. */
  read: number;
  added: number;
  /** Barcodes the record already had. */
  unchanged: number;
  skipped: { line: number; error: string }[];
}

/** Reads, checks and imports one copies file. */
export async function importCopyFile(db: Kysely<Database>, file: string, options: CopyImportOptions): Promise<CopyImportSummary> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`${file}: the file cannot be read`);
  }
  return importCopyBytes(db, bytes, options);
}

/** Imports a copies CSV already in memory (an upload). */
export async function importCopyBytes(db: Kysely<Database>, bytes: Uint8Array, options: CopyImportOptions): Promise<CopyImportSummary> {
  const entries = parseCopiesCsv(decodeCsv(bytes, options.encoding), options.libraryPlaces);
  const summary: CopyImportSummary = { read: entries.length, added: 0, unchanged: 0, skipped: [] };
  const rows: { line: number; copy: ImportedCopy }[] = [];
  for (const entry of entries) {
    if ('copy' in entry) rows.push(entry);
    else summary.skipped.push(entry);
  }
  await inChunks(rows, (chunk) => db.transaction().execute((tx) => writeChunk(tx, chunk, summary)), {
    done: entries.length - rows.length,
    total: entries.length,
    onProgress: options.onProgress,
  });
  summary.skipped.sort((a, b) => a.line - b.line);
  return summary;
}

async function writeChunk(db: Kysely<Database>, chunk: { line: number; copy: ImportedCopy }[], summary: CopyImportSummary): Promise<void> {
  const records = await findRecordKeys(
    db,
    chunk.flatMap(({ copy }) => ('sourceId' in copy.record ? [copy.record.sourceId] : [])),
    chunk.flatMap(({ copy }) => ('isbn' in copy.record ? [copy.record.isbn] : [])),
  );
  const bySource = new Map(records.map((r) => [r.source_id, r.id]));
  const byIsbn = new Map<string, number[]>();
  for (const r of records) if (r.isbn) byIsbn.set(r.isbn, [...(byIsbn.get(r.isbn) ?? []), r.id]);
  const owners = await findCopyOwners(
    db,
    chunk.map(({ copy }) => copy.barcode),
  );
  const toAdd: (ImportedCopy & { recordId: number })[] = [];
  for (const { line, copy } of chunk) {
    const found = recordOf(copy, bySource, byIsbn);
    if ('error' in found) {
      summary.skipped.push({ line, error: found.error });
      continue;
    }
    const owner = owners.get(copy.barcode.toUpperCase());
    if (owner === found.id) summary.unchanged += 1;
    else if (owner !== undefined) summary.skipped.push({ line, error: `barcode ${copy.barcode} already belongs to another record` });
    else toAdd.push({ ...copy, recordId: found.id });
  }
  summary.added += await insertCopies(db, toAdd);
}

function recordOf(copy: ImportedCopy, bySource: Map<string, number>, byIsbn: Map<string, number[]>): { id: number } | { error: string } {
  if ('sourceId' in copy.record) {
    const id = bySource.get(copy.record.sourceId);
    return id === undefined ? { error: `no record has the id ${copy.record.sourceId}` } : { id };
  }
  const ids = byIsbn.get(copy.record.isbn) ?? [];
  if (ids.length === 0) return { error: `no record has the ISBN ${copy.record.isbn}` };
  if (ids.length > 1) return { error: `${ids.length} records have the ISBN ${copy.record.isbn}; give the record_id` };
  return { id: ids[0]! };
}
