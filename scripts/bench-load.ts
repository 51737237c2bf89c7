/**
 * Load benchmark: `npm run bench:load -- [--scale 0.1] [--seconds 20] [--connections 50] [--web-processes 2]
 * [--pool-size N] [--data-dir DIR] [--account-only]`; with `--embedded`, the PGlite default instead (bench-load-embedded.ts).
 * Starts a throwaway PostgreSQL server, generates a large library in it
 * (bench-load-data.ts; 100,000 patrons and 1,000,000 records at scale 1),
 * starts the service on it as `npm start` does (with its default database
 * pool unless --pool-size sets the connections of each web process), and measures with autocannon
 * at a fixed concurrency, route by route: /account of random signed-in
 * patrons with 10 loans and 11 holds, /search with a mix of queries, the
 * renew fragment and the cart add fragment; /account and /search also in
 * an open model at half their measured maximum (constant arrivals, as
 * patrons' requests come), and the targets of issue 28 are printed from
 * the figures of this one run. For /account it then runs
 * exactly the page's SQL statements (recorded from the app for a sample of
 * those patrons) with `pg` at the same concurrency: the ceiling the page
 * could reach if rendering and HTTP cost nothing (as named prepared
 * statements where the app prepares them). Loopback only.
 * With --data-dir the cluster lives in DIR and is kept: a later run at the
 * same scale reuses the library (building scale 1 took 17 to 27 minutes on a
 * shared 2-core machine) after undoing what the last run changed (sessions,
 * carts, renewals).
 * --account-only measures /account and its raw SQL alone, for quick
 * comparisons while working on the page.
 */
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/clock.ts';
import { defaultPoolSize, loadConfig } from '../src/config.ts';
import { preparedStatementName } from '../src/db/database.ts';
import { loadAssets } from '../src/http/assets.ts';
import { findPostgresBin, startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { type ServiceProcess, startService } from '../tests/support/process.ts';
import { statementRecorder } from '../tests/support/statements.ts';
import { cpuBySide, type CpuBySide, perPage } from './bench-cpu.ts';
import { type CpuReader, type Figures, figures, measure, measureOpen, pick, print, searchQueries, loadAverage } from './bench-http.ts';
import { embeddedBenchmark } from './bench-load-embedded.ts';
import { librarySize, reservableRecords } from './bench-load-data.ts';
import { openLoadLibrary } from './bench-load-library.ts';
import { benchArgs } from './bench-args.ts';
import { type BenchRoute, routeRequests } from './bench-routes.ts';

const args = benchArgs(process.argv.slice(2));
const scale = args.number('--scale', 1);
const seconds = args.number('--seconds', 20);
const connections = args.number('--connections', 50);
const webProcesses = args.number('--web-processes', 2);
const poolSize = args.number('--pool-size', defaultPoolSize(webProcesses));
const dataDir = args.text('--data-dir');
const accountOnly = args.flag('--account-only');
/** With --embedded: a small library's catalog, and shorter runs (three concurrencies a route). */
const EMBEDDED_SCALE = 0.05;
const EMBEDDED_SECONDS = 10;
/** Patrons whose /account statements are recorded for the raw-SQL run. */
const RECORDED_PATRONS = 100;
const WARMUP_SECONDS = 6;

/**
 * The recorded statements of random patrons' account pages, run one page
 * after another by `connections` clients. CPU is read before the pool
 * closes, while its server processes still count.
 */
async function rawSql(url: string, pages: pg.QueryConfig[][], durationS: number, cpu: CpuReader): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: url, max: webProcesses * poolSize });
  const latencies: number[] = [];
  const cpuBefore = cpu?.();
  let cpuAfter: CpuBySide | undefined;
  const end = performance.now() + durationS * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        // Bounded by time; each page is a handful of statements.
        while (performance.now() < end) {
          const started = performance.now();
          for (const statement of pick(pages)) await pool.query(statement);
          latencies.push(performance.now() - started);
        }
      }),
    );
    cpuAfter = cpu?.();
  } finally {
    await pool.end();
  }
  const measured = figures('/account (its SQL only, pg)', latencies, durationS, new Map([[0, latencies.length]]));
  return cpuBefore && cpuAfter ? { ...measured, cpu: perPage(cpuBefore, cpuAfter, measured.pages) } : measured;
}

/** The runs issue 28's targets are read from, all of one run. */
interface TargetFigures {
  accountMax: Figures;
  accountHalf: Figures;
  searchMax: Figures;
  searchHalf: Figures;
  renew: Figures;
  cartAdd: Figures;
}

/** Each target beside its figure, measured side by side in this run. */
function printTargets(t: TargetFigures): void {
  const ms = (v: number | undefined) => (v === undefined ? 'n/a (no /proc)' : `${v.toFixed(2)} ms`);
  const ratio = (fragment: Figures) =>
    fragment.cpu && t.accountMax.cpu ? `${(fragment.cpu.web / t.accountMax.cpu.web).toFixed(2)}×` : 'n/a (no /proc)';
  console.log('Targets:');
  console.log(
    `  /account open model at half its maximum (${t.accountHalf.perSecond.toFixed(0)} of ${t.accountMax.perSecond.toFixed(0)}/s): p99 ${t.accountHalf.p99.toFixed(1)} ms (target ≤ 50 ms)`,
  );
  console.log(`  web-process CPU per /account page: ${ms(t.accountMax.cpu?.web)} (target ≤ 0.8 ms)`);
  console.log(`  PostgreSQL CPU per search over the query mix: ${ms(t.searchMax.cpu?.postgres)} (target ≤ 5 ms)`);
  console.log(
    `  /search open model at half its maximum (${t.searchHalf.perSecond.toFixed(0)} of ${t.searchMax.perSecond.toFixed(0)}/s): p99 ${t.searchHalf.p99.toFixed(1)} ms (target ≤ 100 ms)`,
  );
  console.log(`  web CPU of the renew fragment: ${ratio(t.renew)} the page's; cart add: ${ratio(t.cartAdd)} (target ≤ 1.5×)`);
}

async function main(): Promise<void> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('bench:load needs PostgreSQL binaries under /usr/lib/postgresql');
  const size = librarySize(scale);
  console.log(`Load benchmark at scale ${scale}: ${JSON.stringify(size)}; load average before ${loadAverage()}`);
  const cluster = startPostgresCluster(bin, dataDir, 'durable');
  let service: ServiceProcess | undefined;
  let targets: TargetFigures | undefined;
  let close = async () => {};
  try {
    const { url, database, words, patrons } = await openLoadLibrary(cluster, size, dataDir);
    close = () => database.close();
    const reservable = await reservableRecords(database.db, size);

    // The page's statements as the app sends them, with their parameters, for a sample of the patrons.
    const recorder = statementRecorder();
    const config = loadConfig({ DATA_DIR: '/nonexistent-bench-data', WORKER: '0', DATABASE_URL: url });
    const app = createApp({
      db: database.db.withPlugin(recorder.plugin),
      databaseKind: 'postgres',
      config,
      clock: systemClock,
      assets: loadAssets(),
    });
    const pages: pg.QueryConfig[][] = [];
    for (const patron of patrons.slice(0, RECORDED_PATRONS)) {
      recorder.reset();
      const response = await app.request('/account', { headers: { cookie: patron.cookie } });
      if (response.status !== 200) throw new Error(`/account answered ${response.status} while recording`);
      pages.push(recorder.compiled().map((q) => ({ text: q.sql, values: [...q.parameters], name: preparedStatementName(q.sql) })));
    }
    console.log(`/account runs ${pages[0]!.length} statements per page.`);

    service = await startService({
      DATABASE_URL: url,
      DEMO: '0',
      WORKER: '0',
      WEB_PROCESSES: String(webProcesses),
      DATABASE_POOL_SIZE: String(poolSize),
    });
    const routes = routeRequests({ patrons, origin: service.url.replace(/\/$/, ''), queries: searchQueries(words), reservable });
    console.log(
      `Measuring: ${connections} connections, ${seconds} s per route, ${webProcesses} web processes with ${poolSize} database connections each.`,
    );
    await measure(service.url, 'warm-up', { connections, durationS: WARMUP_SECONDS }, routes.account.next);
    const cpu = cpuBySide(service.child.pid, cluster.dataDir);
    const load = { connections, durationS: seconds };
    const rows: Figures[] = [];
    const atMax = async (route: BenchRoute) => {
      const closed = await measure(service!.url, routes[route].name, load, routes[route].next, cpu);
      rows.push(closed);
      return closed;
    };
    const atHalf = async (route: BenchRoute, closed: Figures) => {
      const { name, next } = routes[route];
      const open = await measureOpen(service!.url, name, { perSecond: Math.max(1, closed.perSecond / 2), durationS: seconds }, next, cpu);
      rows.push(open);
      return open;
    };
    const accountMax = await atMax('account');
    const accountHalf = await atHalf('account', accountMax);
    if (!accountOnly) {
      // The first search of a query reads its postings into shared buffers, where a library's server that has run a while has them.
      await measure(service.url, 'warm-up', { connections, durationS: WARMUP_SECONDS }, routes.search.next);
      const searchMax = await atMax('search');
      const searchHalf = await atHalf('search', searchMax);
      const renew = await atMax('renew');
      const cartAdd = await atMax('cart');
      targets = { accountMax, accountHalf, searchMax, searchHalf, renew, cartAdd };
    }
    // The raw run has the machine to itself, as the service had; no web process runs, so none is read (its stopped group would read as less).
    await service.stop();
    const raw = await rawSql(url, pages, seconds, cpuBySide(undefined, cluster.dataDir));
    rows.push(raw);
    print(rows);
    const page = rows[0]!;
    console.log(
      `/account: ${((page.perSecond / raw.perSecond) * 100).toFixed(0)}% of its raw-SQL ceiling (target ≥ 70%), p99 ${page.p99.toFixed(1)} ms (target ≤ 100 ms)`,
    );
    const slow = new Map<string, number>();
    for (const match of service.output().matchAll(/slow query \(\d+ ms\): (.{0,90})/g)) slow.set(match[1]!, (slow.get(match[1]!) ?? 0) + 1);
    console.log(`Slow statements logged by the service (≥ 200 ms): ${[...slow.values()].reduce((a, b) => a + b, 0)}`);
    for (const [statement, n] of [...slow].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${n}× ${statement}…`);
    if (targets) printTargets(targets);
    console.log(`Load average after: ${loadAverage()}`);
  } finally {
    await service?.stop();
    await close();
    cluster.stop();
  }
}

const run = args.flag('--embedded')
  ? embeddedBenchmark({
      scale: args.flag('--scale') ? scale : EMBEDDED_SCALE,
      seconds: args.flag('--seconds') ? seconds : EMBEDDED_SECONDS,
    })
  : main();
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
