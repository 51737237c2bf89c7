/**
 * Search benchmark: `npm run bench:search -- [--records N] [--postgres [--data-dir DIR]] [--warm]`.
 * Builds a catalog of N synthetic records from the Aozora Bunko vocabulary
 * (titles and authors, readings from kuromoji) in a fresh database, runs a
 * fixed mix of 1-char, 2-char, 3+-char, kana and ISBN queries through the
 * same search function the page uses, and prints p50/p95/p99 per kind, then
 * the compressed size of a full results page of 20 records.
 * Database: DATABASE_URL when set, a throwaway PostgreSQL server with
 * --postgres (default 1,000,000 records), else an in-memory PGlite
 * (default 100,000 records). The records go in without the search indexes,
 * which are built once afterwards (1,000,000 records: about 25 minutes on two
 * busy cores, against about 50 with the indexes written row by row). With
 * --data-dir the server's cluster lives in DIR and is kept: a later run with
 * as many records migrates it to the latest and reuses its catalog.
 * A server started for the run begins with an empty buffer cache; --warm
 * first runs as many other queries of each kind (another seed), unmeasured,
 * as on a server that has been answering searches for a while.
 */
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createApp } from '../src/app.ts';
import { searchRecords } from '../src/catalog/catalog.repo.ts';
import { buildSearchText, normalizeForSearch, parseQuery, RESULTS_PER_PAGE } from '../src/catalog/catalog.rules.ts';
import { systemClock } from '../src/clock.ts';
import { defaultRules, loadConfig } from '../src/config.ts';
import { type AppDatabase, openMemoryPglite, openPostgres } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAssets } from '../src/http/assets.ts';
import { syncPickupPlaces } from '../src/places/places.repo.ts';
import { findPostgresBin, startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { finishedLibrary, markFinished, withoutIndexes } from './bench-database.ts';
import { random, vocabulary } from './bench-vocabulary.ts';

const QUERIES_PER_KIND = 60;
const WARMUP = 5;
const INSERT_BATCH = 5000;

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : (args[i + 1] ?? '');
};
const usePostgres = Boolean(process.env.DATABASE_URL) || args.includes('--postgres');
const recordCount = Number(flag('--records') ?? (usePostgres ? 1_000_000 : 100_000));
if (!Number.isInteger(recordCount) || recordCount < 1) throw new Error('--records must be a positive whole number');
const dataDir = flag('--data-dir');
const warm = args.includes('--warm');
if (dataDir === '') throw new Error('--data-dir needs a folder');
if (dataDir !== undefined && (!args.includes('--postgres') || process.env.DATABASE_URL))
  throw new Error('--data-dir goes with --postgres (the throwaway server)');
/** What the bench database's comment says once a build has finished, so a kept cluster is reused only when it holds this catalog. */
const CATALOG_MARK = JSON.stringify({ records: recordCount });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// The catalog and the queries draw from generators of their own, so a reused catalog is asked the same queries as a new one.
const buildRand = random(42);
const pickWith =
  (rand: () => number) =>
  <T>(list: T[]): T =>
    list[Math.floor(rand() * list.length)]!;

/** An ISBN-13 in the 978-4-00 range with a valid check digit. */
function isbnFor(n: number): string {
  const body = `97840${String(n % 10_000_000).padStart(7, '0')}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

interface Opened {
  database: AppDatabase;
  stop: () => void;
  label: string;
  /** True when the database already holds the catalog (a kept cluster's earlier build). */
  built: boolean;
}

async function openDatabase(): Promise<Opened> {
  if (process.env.DATABASE_URL) {
    return {
      database: openPostgres({ url: process.env.DATABASE_URL, statementTimeoutMs: 600_000 }),
      stop: () => {},
      label: 'PostgreSQL (DATABASE_URL)',
      built: false,
    };
  }
  if (usePostgres) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('--postgres needs PostgreSQL binaries under /usr/lib/postgresql');
    const cluster = startPostgresCluster(bin, dataDir, 'durable');
    try {
      return {
        built: await finishedLibrary(cluster.url('postgres'), 'bench', CATALOG_MARK),
        database: openPostgres({ url: cluster.url('bench'), statementTimeoutMs: 3_600_000 }),
        stop: () => cluster.stop(),
        label: `PostgreSQL ${bin.split('/').at(-2)} (${dataDir ? `cluster kept in ${dataDir}` : 'throwaway server'})`,
      };
    } catch (error) {
      cluster.stop();
      throw error;
    }
  }
  return { database: await openMemoryPglite(), stop: () => {}, label: 'PGlite (in memory)', built: false };
}

async function build(db: AppDatabase['db'], words: Awaited<ReturnType<typeof vocabulary>>): Promise<void> {
  await withoutIndexes(db, ['records', 'search_postings'], () => insertRecords(db, words));
  // One copy per record, a third of them on loan, so "available now" and the results' availability have work to do.
  await sql`insert into copies (barcode, record_id, home_place, current_place, status)
    select 'B' || id, id, 'main', 'main', case when id % 3 = 0 then 'on_loan' else 'on_shelf' end from records`.execute(db);
  // Vacuum as autovacuum would after a load: index-only scans of the postings need the visibility map.
  await sql`vacuum analyze`.execute(db);
}

async function insertRecords(db: AppDatabase['db'], words: Awaited<ReturnType<typeof vocabulary>>): Promise<void> {
  const rand = buildRand;
  const pick = pickWith(rand);
  for (let start = 0; start < recordCount; start += INSERT_BATCH) {
    const rows = [];
    for (let n = start; n < Math.min(start + INSERT_BATCH, recordCount); n++) {
      const first = pick(words.titles);
      const second = rand() < 0.3 ? pick(words.titles) : null;
      const author = pick(words.authors);
      const fields = {
        title: second ? `${first.text} ${second.text}` : first.text,
        titleKana: second ? `${first.reading} ${second.reading}` : first.reading,
        author: author.text,
        authorKana: author.reading,
        publisher: pick(words.publishers),
        subject: '',
        series: '',
        seriesKana: '',
      };
      rows.push({
        source_id: `bench-${n}`,
        material: 'book' as const,
        title: fields.title,
        title_kana: fields.titleKana,
        author: fields.author,
        author_kana: fields.authorKana,
        publisher: fields.publisher,
        pub_year: 1900 + Math.floor(rand() * 126),
        isbn: isbnFor(n),
        search_text: buildSearchText(fields),
      });
    }
    await db.insertInto('records').values(rows).execute();
    if ((start / INSERT_BATCH) % 20 === 0) console.log(`  … ${start + rows.length} records`);
  }
}

function queries(words: Awaited<ReturnType<typeof vocabulary>>, rand: () => number): Record<string, string[]> {
  const pick = pickWith(rand);
  const kanjiTitles = words.titles.filter((w) => /\p{Script=Han}/u.test(w.text));
  const slice = (text: string, min: number, max: number) => {
    const chars = [...normalizeForSearch(text)];
    const length = Math.min(chars.length, min + Math.floor(rand() * (max - min + 1)));
    const at = Math.floor(rand() * (chars.length - length + 1));
    return chars.slice(at, at + length).join('');
  };
  const make = (fn: () => string) => Array.from({ length: QUERIES_PER_KIND + WARMUP }, fn).map((q) => q || '本');
  return {
    '1-char': make(() => pick([...pick(kanjiTitles).text].filter((c) => /\p{Script=Han}/u.test(c)))),
    '2-char': make(() => slice(pick(words.titles).text, 2, 2)),
    '3+-char': make(() => slice(pick(words.titles).text, 3, 6)),
    kana: make(() => slice(pick(words.titles).reading, 3, 6)),
    isbn: make(() => {
      const isbn = isbnFor(Math.floor(rand() * recordCount));
      return `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 6)}-${isbn.slice(6, 12)}-${isbn.slice(12)}`;
    }),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(db: AppDatabase['db'], kind: string, list: string[]): Promise<string> {
  const times: number[] = [];
  let totalHits = 0;
  for (const [i, q] of list.entries()) {
    const parsed = parseQuery(q);
    if (parsed.kind !== 'terms') continue;
    const started = performance.now();
    const result = await searchRecords(db, {
      terms: parsed.terms,
      type: null,
      available: false,
      sort: 'relevance',
      limit: RESULTS_PER_PAGE,
      offset: 0,
    });
    if (i >= WARMUP) {
      times.push(performance.now() - started);
      totalHits += result.total;
    }
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  return `${kind.padEnd(8)} p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  p99 ${ms(percentile(times, 99))}  (mean matches ${Math.round(totalHits / times.length)}; load average ${load()})`;
}

/** The largest full results page (20 records, the page a browser without htmx gets) of a few 1-character searches, compressed. */
async function pageSize(database: AppDatabase, list: string[]): Promise<string> {
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config: loadConfig({ DATA_DIR: '/nonexistent-bench-data', WORKER: '0' }),
    clock: systemClock,
    assets: loadAssets(),
  });
  let largest = { raw: 0, gzip: 0 };
  for (const q of list.slice(0, 10)) {
    const html = Buffer.from(await (await app.request(`/search?q=${encodeURIComponent(q)}`)).arrayBuffer());
    const gzip = gzipSync(html).length;
    if (gzip > largest.gzip) largest = { raw: html.length, gzip };
  }
  return `results page (20 records): ${(largest.gzip / 1024).toFixed(1)} KB gzip (${(largest.raw / 1024).toFixed(1)} KB raw), limit 15 KB`;
}

async function main(): Promise<void> {
  const { database, stop, label, built } = await openDatabase();
  try {
    console.log(`Search benchmark: ${recordCount.toLocaleString()} records on ${label}; load average ${load()}`);
    let started = Date.now();
    await migrateToLatest(database.db);
    await syncPickupPlaces(database.db, defaultRules.pickupPlaces);
    if (built) console.log(`reusing the catalog, migrated to the latest in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    const words = await vocabulary();
    console.log(
      `vocabulary: ${words.titles.length} titles, ${words.authors.length} authors (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    if (!built) {
      started = Date.now();
      await build(database.db, words);
      if (usePostgres && !process.env.DATABASE_URL) await markFinished(database.db, 'bench', CATALOG_MARK);
      console.log(`catalog built in ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${load()}`);
    }
    const lists = queries(words, random(43));
    if (warm) {
      for (const [kind, list] of Object.entries(queries(words, random(44)))) await run(database.db, kind, list);
      console.log(`warmed with as many other queries; load average ${load()}`);
    }
    for (const [kind, list] of Object.entries(lists)) console.log(await run(database.db, kind, list));
    console.log(await pageSize(database, lists['1-char']!));
  } finally {
    await database.close();
    stop();
  }
}

await main();
