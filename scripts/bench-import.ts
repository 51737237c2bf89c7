/**
 * `npm run bench:import -- [records]`: records per second of the catalog
 * import, MARC21 (with an 852 copy each) and the SPEC's CSV (one barcode
 * each), on an in-memory PGlite and on a throwaway PostgreSQL server. The
 * records are the NDL sample's (tests/fixtures), repeated under new control
 * numbers, so both formats carry the same titles and readings; each run
 * starts on an empty migrated database and is timed from reading the file to
 * the last commit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { importCatalogFile } from '../src/catalog/catalog.import.ts';
import { CSV_COLUMNS } from '../src/catalog/catalog-csv.ts';
import type { ImportRecord } from '../src/catalog/import-record.ts';
import { parseIso2709 } from '../src/catalog/marc-records.ts';
import { loadConfig } from '../src/config.ts';
import { type AppDatabase, openMemoryPglite, openPostgres } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { libraryPlaceCodes } from '../src/places/library-places.ts';
import { syncPickupPlaces } from '../src/places/places.repo.ts';
import { holding, ndlRecords, toIso2709, withControlNumber } from '../tests/support/marc.ts';
import { findPostgresBin, startPostgresCluster } from '../tests/support/postgres-cluster.ts';

const count = Number(process.argv[2] ?? 3000);
const config = loadConfig();
const libraryPlaces = libraryPlaceCodes(config.rules.pickupPlaces);
const workDir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));

/** The sample's records under `bench-N` ids, without ISBNs (which would match them to each other), each with one copy. */
function marcFile(): string {
  const sample = ndlRecords(180);
  const records = Array.from({ length: count }, (_, i) => {
    const record = withControlNumber(sample[i % sample.length]!, `bench-${i}`);
    record.fields = record.fields.filter((f) => f[0] !== '020');
    record.fields.push(holding({ b: libraryPlaces[i % libraryPlaces.length]!, h: '913', p: `M${i}` }));
    return record;
  });
  const file = path.join(workDir, 'bench.mrc');
  writeFileSync(file, toIso2709(records));
  return file;
}

const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The same records as catalog CSV, readings included. */
function csvFile(marc: string): string {
  // The MARC file read back: the records exactly as the MARC import maps them.
  const records = parseIso2709(readFileSync(marc)).flatMap((e) => ('record' in e ? [e.record] : []));
  const row = (r: ImportRecord) => ({
    id: r.sourceId,
    material: r.material === 'magazine' ? 'book' : r.material,
    title: r.title,
    title_kana: r.titleKana,
    author: r.author,
    author_kana: r.authorKana,
    publisher: r.publisher,
    year: r.pubYear === null ? '' : String(r.pubYear),
    isbn: '',
    subject: r.subject,
    serial: '',
    issue: '',
    issue_date: '',
    barcodes: r.copies.map((c) => `C${c.barcode}`).join(';'),
  });
  const lines = [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => quote(row(r)[c])).join(','))];
  const file = path.join(workDir, 'bench.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function emptyDatabase(open: () => Promise<AppDatabase>): Promise<AppDatabase> {
  const database = await open();
  await migrateToLatest(database.db);
  await syncPickupPlaces(database.db, config.rules.pickupPlaces);
  return database;
}

/** Imports the file into a new database and returns records per second. */
async function measure(file: string, open: () => Promise<AppDatabase>): Promise<number> {
  const database = await emptyDatabase(open);
  try {
    const started = performance.now();
    const summary = await importCatalogFile(database.db, file, { libraryPlaces, now: new Date() });
    const seconds = (performance.now() - started) / 1000;
    if (summary.imported !== count || summary.copiesAdded !== count)
      throw new Error(`${path.basename(file)}: imported ${summary.imported} records and ${summary.copiesAdded} copies of ${count}`);
    return count / seconds;
  } finally {
    await database.close();
  }
}

const marc = marcFile();
const csv = csvFile(marc);
const bin = findPostgresBin();
const cluster = bin ? startPostgresCluster(bin, undefined, 'durable') : undefined;
const admin = cluster ? openPostgres({ url: cluster.url('postgres') }) : undefined;
try {
  const targets: [string, (name: string) => Promise<AppDatabase>][] = [['PGlite (in memory)', () => openMemoryPglite()]];
  if (cluster && admin) {
    targets.push([
      `PostgreSQL ${bin!.split('/').at(-2)} (throwaway server)`,
      async (name) => {
        await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
        return openPostgres({ url: cluster.url(name), statementTimeoutMs: 3_600_000 });
      },
    ]);
  } else {
    console.log('(no PostgreSQL binaries under /usr/lib/postgresql: PGlite only)');
  }
  console.log(`${count} records, one copy each, into an empty database; records per second (higher is better):`);
  for (const [label, open] of targets) {
    const perSecondMarc = await measure(marc, () => open('bench_marc'));
    const perSecondCsv = await measure(csv, () => open('bench_csv'));
    console.log(`  ${label}: MARC21 ${Math.round(perSecondMarc)}/s, CSV ${Math.round(perSecondCsv)}/s`);
  }
} finally {
  await admin?.close();
  cluster?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
