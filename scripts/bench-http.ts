/**
 * What the load benchmarks share: autocannon runs of one route with every
 * request's latency kept, the figures they print, a signed-in patron's
 * headers and the search query mix. The PostgreSQL run (bench-load.ts) and
 * the embedded one (bench-load-embedded.ts) measure the same way.
 */
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { CpuBySide } from './bench-cpu.ts';
import { perPage } from './bench-cpu.ts';
import type { SignedInPatron } from './bench-load-data.ts';
import { random, type Word } from './bench-vocabulary.ts';

const rand = random(11);
export const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;

export interface Figures {
  route: string;
  pages: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The slowest request, in ms, and how many took over a second. */
  max: number;
  slow: number;
  statuses: Map<number, number>;
  /** CPU milliseconds a request took on each side, where /proc can tell. */
  cpu?: CpuBySide;
}

/** Reads each side's CPU time so far (bench-cpu.ts); undefined where it cannot. */
export type CpuReader = (() => CpuBySide) | undefined;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function figures(route: string, latencies: number[], durationS: number, statuses: Map<number, number>): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    route,
    pages: latencies.length,
    perSecond: latencies.length / durationS,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    slow: latencies.filter((ms) => ms > 1000).length,
    statuses,
  };
}

/** Every request's headers: a random heavy patron's cookies, and for POSTs the CSRF token and this site's Origin. */
export function signedInHeaders(patron: SignedInPatron, origin: string, post: boolean): Record<string, string> {
  return {
    cookie: patron.cookie,
    ...(post ? { origin, 'x-csrf-token': patron.csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
}

/** One route under autocannon at `connections` for `durationS` seconds; `next` makes each request. */
export async function measure(
  url: string,
  route: string,
  load: { connections: number; durationS: number },
  next: () => autocannon.Request,
  cpu?: CpuReader,
): Promise<Figures> {
  const latencies: number[] = [];
  const cpuBefore = cpu?.();
  const statuses = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url,
      connections: load.connections,
      duration: load.durationS,
      requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, ...next() }) }],
    };
    const instance = autocannon(options, (error, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  return withCpu(figures(route, latencies, result.duration || load.durationS, statuses), cpuBefore, cpu);
}

/** The run's figures with each side's CPU a request, where the reader could tell. */
function withCpu(measured: Figures, before: CpuBySide | undefined, cpu: CpuReader): Figures {
  const after = cpu?.();
  return before && after ? { ...measured, cpu: perPage(before, after, measured.pages) } : measured;
}

/** One request on `agent`, its status when the whole answer is in (0 when the connection failed). */
function send(agent: Agent, url: URL, request: autocannon.Request): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      { agent, host: url.hostname, port: url.port, method: request.method ?? 'GET', path: request.path, headers: request.headers },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      },
    );
    outgoing.on('error', () => resolve(0));
    outgoing.end(request.body);
  });
}

/** Seconds the open model sends before it measures, so that its connections are open when the count starts. */
const OPEN_RAMP_SECONDS = 2;

/**
 * One route in an open model: requests arrive at a constant rate whatever
 * the answers do, as patrons' phones do, each on a connection of its own
 * when the others are busy, and each is timed from when it was due. A
 * closed loop (autocannon) waits for a free connection before it sends,
 * and so never sees the queue a slow moment builds. The first seconds are
 * sent and not counted: started at full rate with no connection open, the
 * first quarter second opened dozens at once and held most of a run's
 * slowest 1% (a library's service is never asked from nothing to hundreds a
 * second at once).
 */
export async function measureOpen(
  url: string,
  route: string,
  load: { perSecond: number; durationS: number },
  next: () => autocannon.Request,
  cpu?: CpuReader,
): Promise<Figures> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const target = new URL(url);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const interval = 1000 / load.perSecond;
  const ramp = Math.round(load.perSecond * OPEN_RAMP_SECONDS);
  const total = ramp + Math.round(load.perSecond * load.durationS);
  const answers: Promise<void>[] = [];
  let cpuBefore: CpuBySide | undefined;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const early = due - performance.now();
    if (early >= 1) await sleep(early);
    if (i === ramp) cpuBefore = cpu?.();
    const sent = send(agent, target, next());
    if (i < ramp) continue;
    answers.push(
      sent.then((status) => {
        latencies.push(performance.now() - due);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(answers);
  agent.destroy();
  return withCpu(figures(`${route} open ${load.perSecond.toFixed(0)}/s`, latencies, load.durationS, statuses), cpuBefore, cpu);
}

/** Searches as patrons type them: single kanji, two to six characters of titles, and readings. */
export function searchQueries(words: { titles: Word[] }): string[] {
  const kanji = words.titles.flatMap((w) => [...w.text].filter((c) => /\p{Script=Han}/u.test(c)));
  const slice = (text: string, length: number) => {
    const chars = [...text];
    const at = Math.floor(rand() * Math.max(1, chars.length - length + 1));
    return chars.slice(at, at + length).join('');
  };
  const make = (n: number, fn: () => string) => Array.from({ length: n }, fn).filter(Boolean);
  return [
    ...make(50, () => pick(kanji)),
    ...make(50, () => slice(pick(words.titles).text, 2)),
    ...make(50, () => slice(pick(words.titles).text, 3 + Math.floor(rand() * 4))),
    ...make(50, () => slice(pick(words.titles).reading, 3 + Math.floor(rand() * 3))),
  ];
}

export function print(rows: Figures[]): void {
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  for (const row of rows) {
    const statuses = [...row.statuses].map(([status, n]) => (status ? `${status}×${n}` : `${n} pages`)).join(' ');
    console.log(
      `${row.route.padEnd(30)} ${row.perSecond.toFixed(0).padStart(6)} req/s  p50 ${ms(row.p50)}  p95 ${ms(row.p95)}  p99 ${ms(row.p99)}  max ${ms(row.max)}  (${statuses})`,
    );
  }
  // All sides share the machine's cores, so throughput is about their CPU a request, inverted.
  const measuredCpu = rows.filter((row) => row.cpu);
  if (measuredCpu.length === 0) return;
  const cpuMs = (v: number) => v.toFixed(2).padStart(6);
  console.log('CPU a request, ms:             web processes  PostgreSQL  load generator (autocannon, or the pg client)');
  for (const { route, cpu } of measuredCpu)
    console.log(`${route.padEnd(30)} ${cpuMs(cpu!.web)}         ${cpuMs(cpu!.postgres)}      ${cpuMs(cpu!.benchmark)}`);
}

/** The machine's load average, printed beside the figures: they mean little on a machine busy with other work. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
