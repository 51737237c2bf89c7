/**
 * PostgreSQL stopped for a few seconds under load: the service answers 503
 * with Retry-After (never a crash, never a hung request) while it is down,
 * and serves again by itself once it is back. The test has a PostgreSQL
 * server of its own, so stopping it touches no other test's database.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/database.ts';
import { addCopy, addRecord } from '../support/fixtures.ts';
import { findPostgresBin, type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import { type ServiceProcess, startService } from '../support/process.ts';

const bin = findPostgresBin();
const CLIENTS = 4;
const OUTAGE_MS = 4_000;
const RECOVERY_LIMIT_MS = 30_000;

describe.runIf(bin)('PostgreSQL stopped under load', () => {
  let cluster: PostgresCluster | undefined;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    cluster = startPostgresCluster(bin!);
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE library');
    await admin.end();
    service = await startService({ DATABASE_URL: cluster.url('library'), DEMO: '0', DATABASE_POOL_SIZE: '4' });
    const database = openPostgres({ url: cluster.url('library'), poolSize: 1 });
    await addCopy(database.db, await addRecord(database.db, { title: '停電の夜に' }));
    await database.close();
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    cluster?.stop();
  }, 60_000);

  /** `CLIENTS` loops of search requests until `until` resolves; every status seen, or the error that replaced one. */
  async function load(until: Promise<void>): Promise<{ statuses: number[]; retryAfter: Set<string | null>; errors: string[] }> {
    let done = false;
    void until.then(() => (done = true));
    const seen = { statuses: [] as number[], retryAfter: new Set<string | null>(), errors: [] as string[] };
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        // Bounded as well as timed: at most 2,000 requests per client.
        for (let i = 0; i < 2_000 && !done; i++) {
          try {
            const response = await fetch(`${service!.url}search?q=停電`, { signal: AbortSignal.timeout(10_000) });
            await response.arrayBuffer();
            seen.statuses.push(response.status);
            if (response.status === 503) seen.retryAfter.add(response.headers.get('Retry-After'));
          } catch (error) {
            seen.errors.push((error as Error).message);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    return seen;
  }

  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  it('answers 503 while the database is down and recovers by itself', async () => {
    const before = await load(pause(1_000));
    expect(new Set(before.statuses)).toEqual(new Set([200]));

    cluster!.pause();
    const during = await load(pause(OUTAGE_MS));
    cluster!.resume();
    expect(during.errors).toEqual([]);
    expect(new Set(during.statuses)).toEqual(new Set([503]));
    expect(during.retryAfter).toEqual(new Set(['5']));
    expect(service!.child.exitCode).toBeNull();
    expect(service!.output()).toMatch(/database unavailable/);

    const deadline = Date.now() + RECOVERY_LIMIT_MS;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await fetch(`${service!.url}search?q=停電`, { signal: AbortSignal.timeout(10_000) })).status;
      if (status !== 200) await pause(200);
    }
    expect(status).toBe(200);
    const after = await load(pause(1_000));
    expect(after.errors).toEqual([]);
    expect(new Set(after.statuses)).toEqual(new Set([200]));
  }, 120_000);
});
