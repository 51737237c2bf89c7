/**
 * Where a web process's CPU goes: `npm run bench:profile -- [--route account|search|renew|cart] [--scale 1] [--seconds 10]
 * [--connections 50] [--data-dir DIR] [--save FILE]`. On bench:load's library (the same
 * --data-dir reuses it), one web process runs under V8's sampling profiler
 * (`--cpu-prof`) while autocannon sends the route's requests as bench:load
 * does; the samples of the measured window are then printed as milliseconds
 * a request: by where the running code lives (the pg driver, hono/jsx, a
 * file of the service, garbage collection…) and by the service's own
 * functions with everything they called. /proc's figure for the same window
 * is printed beside them: the profile divides it, it does not replace it.
 * --save keeps the whole profile in FILE, to open in Chrome DevTools.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPostgresBin, startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { type ServiceProcess, startService } from '../tests/support/process.ts';
import { cpuBySide } from './bench-cpu.ts';
import { loadAverage, measure, searchQueries } from './bench-http.ts';
import { librarySize, reservableRecords } from './bench-load-data.ts';
import { openLoadLibrary } from './bench-load-library.ts';
import { benchArgs } from './bench-args.ts';
import { BENCH_ROUTES, type BenchRoute, routeRequests } from './bench-routes.ts';
import { type CpuProfile, summarise } from './cpu-profile.ts';

const args = benchArgs(process.argv.slice(2));
const route = (args.text('--route') ?? 'account') as BenchRoute;
if (!BENCH_ROUTES.includes(route)) throw new Error(`--route must be one of ${BENCH_ROUTES.join(', ')}`);
const scale = args.number('--scale', 1);
const seconds = args.number('--seconds', 10);
const connections = args.number('--connections', 50);
const dataDir = args.text('--data-dir');
const saveAs = args.text('--save');
const WARMUP_SECONDS = 6;
/** Rows below this many ms a request are summed into one line. */
const SHOWN_FROM_MS = 0.01;

const micros = () => Number(process.hrtime.bigint() / 1000n);

/** The file of the profile of the process that served (the largest, should the launcher write one too). */
function servingProfile(folder: string): string {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(folder, name));
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!largest) throw new Error(`no profile was written in ${folder}`);
  return largest;
}

function printRows(title: string, rows: { label: string; ms: number }[]): void {
  console.log(title);
  const shown = rows.filter((row) => row.ms >= SHOWN_FROM_MS);
  for (const row of shown) console.log(`  ${row.ms.toFixed(3).padStart(7)} ms  ${row.label}`);
  const rest = rows.filter((row) => row.ms < SHOWN_FROM_MS).reduce((sum, row) => sum + row.ms, 0);
  if (rest > 0) console.log(`  ${rest.toFixed(3).padStart(7)} ms  (the rest, each under ${SHOWN_FROM_MS} ms)`);
}

async function main(): Promise<void> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('bench:profile needs PostgreSQL binaries under /usr/lib/postgresql');
  const size = librarySize(scale);
  console.log(`Profile of ${route} at scale ${scale}; load average before ${loadAverage()}`);
  const cluster = startPostgresCluster(bin, dataDir, 'durable');
  const profiles = mkdtempSync(path.join(tmpdir(), 'library-profile-'));
  let service: ServiceProcess | undefined;
  let close = async () => {};
  try {
    const { url, database, words, patrons } = await openLoadLibrary(cluster, size, dataDir);
    close = () => database.close();
    const reservable = await reservableRecords(database.db, size);
    service = await startService({ DATABASE_URL: url, DEMO: '0', WORKER: '0', WEB_PROCESSES: '1' }, 'node', 60_000, [
      '--cpu-prof',
      `--cpu-prof-dir=${profiles}`,
    ]);
    const { name, next } = routeRequests({ patrons, origin: service.url.replace(/\/$/, ''), queries: searchQueries(words), reservable })[
      route
    ];
    await measure(service.url, 'warm-up', { connections, durationS: WARMUP_SECONDS }, next);
    const cpu = cpuBySide(service.child.pid, cluster.dataDir);
    const fromUs = micros();
    const measured = await measure(service.url, name, { connections, durationS: seconds }, next, cpu);
    const toUs = micros();
    // The profile is written as the process exits.
    await service.stop();
    service = undefined;
    const profileFile = servingProfile(profiles);
    if (saveAs) copyFileSync(profileFile, saveAs);
    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
    const summary = summarise(profile, { fromUs, toUs }, measured.pages, process.cwd());
    console.log(
      `${name}: ${measured.pages} requests in ${seconds} s (${measured.perSecond.toFixed(0)}/s, ${connections} connections, one web process)`,
    );
    console.log(
      `Web-process CPU a request: ${measured.cpu?.web.toFixed(3) ?? 'n/a (no /proc)'} ms by /proc, ${summary.total.toFixed(3)} ms sampled by the profiler (profiling adds its own cost)`,
    );
    printRows(
      'Where it runs (self time):',
      summary.places.map((row) => ({ label: row.place, ms: row.ms })),
    );
    printRows(
      'The busiest functions (self time):',
      summary.functions.slice(0, 30).map((row) => ({ label: row.name, ms: row.ms })),
    );
    printRows(
      "The service's own functions (with what they call):",
      summary.ownFunctions.slice(0, 30).map((row) => ({ label: row.name, ms: row.ms })),
    );
    console.log(`Load average after: ${loadAverage()}`);
  } finally {
    await service?.stop();
    await close();
    cluster.stop();
    rmSync(profiles, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
