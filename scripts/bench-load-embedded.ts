/**
 * The embedded default under load: `npm run bench:load -- --embedded [--scale 0.05] [--seconds 10]`.
 * Most small libraries run `npm start` as it is, on PGlite in DATA_DIR. This
 * builds a library there (bench-load-data.ts; 5,000 patrons and 50,000
 * records at scale 0.05), starts the service on it as `npm start` does, and
 * measures /account, search and renew at 5, 20 and 50 concurrent clients.
 * Then it runs a 10,000-record catalog import and a 10,000-patron import
 * through the admin channel while /account is under load at 20 clients, and
 * prints the slowest request during each (the target: none over 1 s, since
 * the imports work in chunks that give the database back between them).
 */
import type autocannon from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRules } from '../src/config.ts';
import { openPglite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { syncPickupPlaces } from '../src/places/places.repo.ts';
import { runAdminAsync, type ServiceProcess, startService } from '../tests/support/process.ts';
import { type Figures, measure, pick, print, searchQueries, signedInHeaders, loadAverage } from './bench-http.ts';
import { buildLibrary, librarySize, signInHeavyPatrons } from './bench-load-data.ts';
import { vocabulary, type Word } from './bench-vocabulary.ts';

const CONCURRENCIES = [5, 20, 50];
const IMPORTED = 10_000;

/** A catalog CSV of `n` new records (SPEC §10 columns), each with one copy. */
function catalogCsv(words: { titles: Word[]; authors: Word[] }, n: number): string {
  const header = 'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes';
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const rows = Array.from({ length: n }, (_, i) => {
    const title = pick(words.titles);
    const author = pick(words.authors);
    return [
      `bench-${i}`,
      'book',
      quote(title.text),
      quote(title.reading),
      quote(author.text),
      quote(author.reading),
      '',
      2000 + (i % 26),
      '',
      '',
      '',
      '',
      '',
      `B${String(i).padStart(7, '0')}`,
    ].join(',');
  });
  return [header, ...rows].join('\n');
}

/** A patron CSV of `n` new patrons, card numbers above the generated library's. */
function patronCsv(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `0${String(9_000_000 + i)},取込 ${i},トリコミ,1980-01-01,0312345678,`);
  return ['card_number,name,name_kana,birth_date,phone,email', ...rows].join('\n');
}

/** /account at 20 clients while an admin command runs beside it; the figures of that window. */
async function besideImport(service: ServiceProcess, dataDir: string, label: string, args: string[], account: () => autocannon.Request) {
  const started = performance.now();
  const command = runAdminAsync(args, { DATA_DIR: dataDir });
  let done = false;
  void command.finally(() => (done = true));
  const rows: Figures[] = [];
  // Measured in 2-second slices until the import has finished, so the figures cover its whole run.
  while (!done) rows.push(await measure(service.url, label, { connections: 20, durationS: 2 }, account));
  const { status, output } = await command;
  if (status !== 0) throw new Error(`${args.join(' ')} failed:\n${output}`);
  const seconds = (performance.now() - started) / 1000;
  const slowest = Math.max(...rows.map((row) => row.max));
  const over = rows.reduce((n, row) => n + row.slow, 0);
  const pages = rows.reduce((n, row) => n + row.pages, 0);
  console.log(
    `${label}: ${seconds.toFixed(1)} s; ${pages} account pages meanwhile, slowest ${slowest.toFixed(0)} ms, over 1 s: ${over} (target 0)`,
  );
}

export async function embeddedBenchmark(options: { scale: number; seconds: number }): Promise<void> {
  const size = librarySize(options.scale);
  console.log(`Embedded (PGlite) load benchmark at scale ${options.scale}: ${JSON.stringify(size)}; load average ${loadAverage()}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'library-bench-embedded-'));
  let service: ServiceProcess | undefined;
  try {
    const words = await vocabulary();
    const database = await openPglite(dataDir);
    await migrateToLatest(database.db);
    await syncPickupPlaces(database.db, defaultRules.pickupPlaces);
    console.log('Generating the library:');
    await buildLibrary(database.db, words, size, console.log);
    const patrons = await signInHeavyPatrons(database.db, size);
    await database.close();

    service = await startService({ DATA_DIR: dataDir, DEMO: '0', WORKER: '0' }, 'node', 300_000);
    const origin = service.url.replace(/\/$/, '');
    const queries = searchQueries(words);
    const account = () => ({ method: 'GET' as const, path: '/account', headers: signedInHeaders(pick(patrons), origin, false) });
    const search = () => ({ method: 'GET' as const, path: `/search?q=${encodeURIComponent(pick(queries))}` });
    const renew = () => {
      const patron = pick(patrons);
      return {
        method: 'POST' as const,
        path: `/account/loans/${pick(patron.loanIds)}/renew`,
        headers: signedInHeaders(patron, origin, true),
        body: '',
      };
    };
    await measure(service.url, 'warm-up', { connections: 5, durationS: 3 }, account);
    const rows: Figures[] = [];
    for (const connections of CONCURRENCIES) {
      const load = { connections, durationS: options.seconds };
      rows.push(await measure(service.url, `/account ×${connections}`, load, account));
      rows.push(await measure(service.url, `/search ×${connections}`, load, search));
      rows.push(await measure(service.url, `renew ×${connections}`, load, renew));
    }
    print(rows);

    const catalogFile = path.join(dataDir, 'bench-catalog.csv');
    writeFileSync(catalogFile, catalogCsv(words, IMPORTED));
    const patronFile = path.join(dataDir, 'bench-patrons.csv');
    writeFileSync(patronFile, patronCsv(IMPORTED));
    await besideImport(service, dataDir, `import-catalog (${IMPORTED} records)`, ['import-catalog', catalogFile], account);
    await besideImport(service, dataDir, `import-patrons (${IMPORTED} patrons)`, ['import-patrons', patronFile], account);
    console.log(`Load average after: ${loadAverage()}`);
  } finally {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
