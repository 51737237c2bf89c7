/**
 * Catalog import from MARC21 (.mrc), MARCXML (.xml) or the SPEC's CSV (.csv).
 * Idempotent: a record is matched on its source id, else on its ISBN, and
 * written only when something changed; copies are added by barcode once.
 * Rejected records are reported with their position and skipped. Work is
 * done in batches, each in its own transaction, so a large file neither
 * holds one huge transaction nor pays a round trip per record.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inChunks } from '../imports/chunks.ts';
import { type CsvEncoding, decodeCsv } from '../imports/csv-encoding.ts';
import { parseCatalogCsv } from './catalog-csv.ts';
import { buildSearchText, normalizeReading } from './catalog.rules.ts';
import {
  findRecordsForImport,
  insertCopies,
  insertRecords,
  type RecordValues,
  type StoredRecord,
  updateRecord,
  upsertSerial,
} from './catalog.repo.ts';
import { findCopyOwners } from './copies.repo.ts';
import type { ImportRecord, ParsedEntry } from './import-record.ts';
import { parseIso2709, parseMarcxml } from './marc-records.ts';
import { generateReading } from './readings.ts';

export class CatalogFileError extends Error {
  override name = 'CatalogFileError';
}

export interface Rejection {
  position: string;
  reason: string;
}

export interface ImportSummary {
  /** Records found in the file, rejected ones included. */
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
  copiesAdded: number;
  rejected: Rejection[];
  /** Taken, but not quite as written (an 852 $b naming no library). */
  warnings: Rejection[];
}

export interface ImportOptions {
  /** The codes of the library-type pickup places, in the configuration's order: copies go to the first unless the file names another. */
  libraryPlaces: readonly string[];
  now: Date;
  /** Called after each committed chunk, with the records dealt with (rejected ones included) and the file's total. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Forces the CSV's encoding; without it UTF-8 or CP932 is detected. */
  encoding?: CsvEncoding;
}

interface Accepted {
  position: string;
  record: ImportRecord;
}

/** Parses a catalog file by its extension: .mrc, .xml or .csv (UTF-8 or CP932, detected unless `encoding` says). */
export function parseCatalogFile(fileName: string, content: Buffer, encoding?: CsvEncoding): ParsedEntry[] {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.mrc') return parseIso2709(content);
  if (extension === '.xml') return parseMarcxml(content.toString('utf8'));
  if (extension === '.csv') return parseCatalogCsv(decodeCsv(content, encoding));
  throw new CatalogFileError(`${fileName}: unknown catalog format "${extension}" (expected .mrc, .xml or .csv)`);
}

/** Reads, parses and imports one file. */
export async function importCatalogFile(db: Kysely<Database>, file: string, options: ImportOptions): Promise<ImportSummary> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    throw new CatalogFileError(`${file}: the file cannot be read`);
  }
  return importEntries(db, parseCatalogFile(file, content, options.encoding), options);
}

/**
 * Writes parsed entries to the catalog and says what happened to each. A
 * record and its copies are written together or not at all: a record whose
 * barcode another record of the file, or of the catalog, already has is
 * rejected whole.
 */
export async function importEntries(db: Kysely<Database>, entries: ParsedEntry[], options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    read: entries.length,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    copiesAdded: 0,
    rejected: [],
    warnings: [],
  };
  const accepted = acceptEntries(entries, options.libraryPlaces, summary);
  await inChunks(
    accepted,
    async (chunk) => {
      const batch = await Promise.all(chunk.map(async (a) => ({ position: a.position, record: await withReadings(a.record) })));
      await db.transaction().execute((tx) => writeBatch(tx, batch, options, summary));
    },
    { done: entries.length - accepted.length, total: entries.length, onProgress: options.onProgress },
  );
  const order = new Map(entries.map((e, i) => [e.position, i]));
  summary.rejected.sort((a, b) => order.get(a.position)! - order.get(b.position)!);
  summary.skipped = summary.rejected.length;
  return summary;
}

/** The entries that can be written: parsed, with an id and barcodes no earlier record of the file has; copies placed at libraries. */
function acceptEntries(entries: ParsedEntry[], libraryPlaces: readonly string[], summary: ImportSummary): Accepted[] {
  const firstSeen = new Map<string, string>();
  const barcodeSeen = new Map<string, string>();
  const accepted: Accepted[] = [];
  for (const entry of entries) {
    const reject = (reason: string) => summary.rejected.push({ position: entry.position, reason });
    if ('error' in entry) {
      reject(entry.error);
      continue;
    }
    const { record, position } = entry;
    const earlier = firstSeen.get(record.sourceId);
    if (earlier) {
      reject(`the same id (${record.sourceId}) as ${earlier}`);
      continue;
    }
    const keys = record.copies.map((c) => c.barcode.toUpperCase());
    const twice = keys.findIndex((key, i) => barcodeSeen.has(key) || keys.indexOf(key) !== i);
    if (twice !== -1) {
      const elsewhere = barcodeSeen.get(keys[twice]!);
      reject(`barcode ${record.copies[twice]!.barcode} ${elsewhere ? `is already on ${elsewhere}` : 'is given twice'}`);
      continue;
    }
    firstSeen.set(record.sourceId, position);
    for (const key of keys) barcodeSeen.set(key, position);
    const copies = record.copies.map((copy) => {
      const place = placeOf(copy.place, libraryPlaces);
      if (copy.place !== null && place.toLowerCase() !== copy.place.toLowerCase())
        summary.warnings.push({ position, reason: `852 $b "${copy.place}" names no library; copy ${copy.barcode} goes to ${place}` });
      return { ...copy, place };
    });
    accepted.push({ position, record: { ...record, copies } });
  }
  return accepted;
}

/** The library a copy goes to: the one the source names (in any case), else the first. */
function placeOf(written: string | null, libraryPlaces: readonly string[]): string {
  const named = written === null ? undefined : libraryPlaces.find((code) => code.toLowerCase() === written.toLowerCase());
  return named ?? libraryPlaces[0]!;
}

/** Readings as stored (hiragana), generated by the morphological analyser where the source has none. */
async function withReadings(record: ImportRecord): Promise<ImportRecord> {
  return {
    ...record,
    titleKana: record.titleKana ? normalizeReading(record.titleKana) : await generateReading(record.title),
    authorKana: record.authorKana ? normalizeReading(record.authorKana) : await generateReading(record.author),
    seriesKana: normalizeReading(record.seriesKana),
  };
}

/** One chunk in its transaction: match what is stored, refuse barcode clashes, write serials, records and copies. */
async function writeBatch(db: Kysely<Database>, chunk: Accepted[], options: ImportOptions, summary: ImportSummary): Promise<void> {
  const existingOf = await matchStored(db, chunk);
  const batch = await withoutBarcodeClashes(db, chunk, existingOf, summary);
  const recordIds = await writeRecords(db, batch, existingOf, options, summary);
  summary.copiesAdded += await insertCopies(
    db,
    batch.flatMap(({ record }) =>
      record.copies.map((copy) => ({
        barcode: copy.barcode,
        recordId: recordIds.get(record)!,
        place: copy.place ?? options.libraryPlaces[0]!,
        shelfMark: copy.shelfMark ?? record.ndc,
      })),
    ),
  );
}

type ExistingOf = (record: ImportRecord) => StoredRecord | undefined;

/** The stored record each imported one updates: the same source id, else the same ISBN. */
async function matchStored(db: Kysely<Database>, chunk: Accepted[]): Promise<ExistingOf> {
  const stored = await findRecordsForImport(
    db,
    chunk.map((a) => a.record.sourceId),
    chunk.flatMap((a) => (a.record.isbn ? [a.record.isbn] : [])),
  );
  const bySource = new Map(stored.map((s) => [s.source_id, s]));
  const byIsbn = new Map(stored.flatMap((s) => (s.isbn ? [[s.isbn, s] as const] : [])));
  return (record) => bySource.get(record.sourceId) ?? (record.isbn ? byIsbn.get(record.isbn) : undefined);
}

/** The chunk without the records one of whose barcodes another record already has (each listed as rejected). */
async function withoutBarcodeClashes(
  db: Kysely<Database>,
  chunk: Accepted[],
  existingOf: ExistingOf,
  summary: ImportSummary,
): Promise<Accepted[]> {
  const owners = await findCopyOwners(
    db,
    chunk.flatMap((a) => a.record.copies.map((c) => c.barcode)),
  );
  return chunk.filter(({ position, record }) => {
    const existingId = existingOf(record)?.id;
    const clash = record.copies.find((c) => {
      const owner = owners.get(c.barcode.toUpperCase());
      return owner !== undefined && owner !== existingId;
    });
    if (clash) summary.rejected.push({ position, reason: `barcode ${clash.barcode} already belongs to another record` });
    return !clash;
  });
}

/** Serials, then records: new ones inserted together, changed ones updated, the same ones counted; the id of each. */
async function writeRecords(
  db: Kysely<Database>,
  batch: Accepted[],
  existingOf: ExistingOf,
  options: ImportOptions,
  summary: ImportSummary,
): Promise<Map<ImportRecord, number>> {
  const serialIds = new Map<string, number>();
  for (const { record } of batch) {
    if (record.serial && !serialIds.has(record.serial.sourceId))
      serialIds.set(record.serial.sourceId, await upsertSerial(db, record.serial));
  }
  const recordIds = new Map<ImportRecord, number>();
  const inserts: { record: ImportRecord; values: RecordValues }[] = [];
  for (const { record } of batch) {
    const values = recordValues(record, record.serial ? (serialIds.get(record.serial.sourceId) ?? null) : null);
    const existing = existingOf(record);
    if (!existing) {
      inserts.push({ record, values });
      continue;
    }
    recordIds.set(record, existing.id);
    if (sameValues(existing, values)) {
      summary.unchanged += 1;
    } else {
      await updateRecord(db, existing.id, values, options.now);
      summary.updated += 1;
    }
  }
  const insertedIds = await insertRecords(
    db,
    inserts.map((i) => i.values),
  );
  for (const { record } of inserts) recordIds.set(record, insertedIds.get(record.sourceId)!);
  summary.imported += inserts.length;
  return recordIds;
}

/** The record's columns, search text included. */
export function recordValues(record: ImportRecord, serialId: number | null): RecordValues {
  return {
    source_id: record.sourceId,
    material: record.material,
    av_format: record.material === 'av' ? record.avFormat : null,
    title: record.title,
    title_kana: record.titleKana,
    author: record.author,
    author_kana: record.authorKana,
    publisher: record.publisher,
    pub_year: record.pubYear,
    isbn: record.isbn,
    ndc: record.ndc,
    subject: record.subject,
    series: record.series,
    series_kana: record.seriesKana,
    serial_id: serialId,
    issue_label: record.issueLabel,
    issue_date: record.issueDate,
    search_text: buildSearchText(record),
  };
}

function sameValues(stored: StoredRecord, values: RecordValues): boolean {
  return (Object.keys(values) as (keyof RecordValues)[]).every(
    (key) => key === 'source_id' || (stored[key] ?? null) === (values[key] ?? null),
  );
}
