/** What operations reads: the request and job log, /readyz without error text, robots.txt. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { openPostgres } from '../../src/db/database.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { log, loggablePath } from '../../src/ops/log.ts';
import { createTestContext, testConfig, type TestContext } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';

let lines: Record<string, unknown>[];
let quietLevel: string;
beforeEach(() => {
  lines = [];
  quietLevel = log.level;
  log.level = 'info';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  log.level = quietLevel;
});

describe('the request log', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
  });
  afterAll(() => ctx.close());

  it('writes one JSON line per request, without the search words, and echoes a new X-Request-Id', async () => {
    const response = await ctx.app.request('/search?q=%E5%BF%83&type=book&page=2');
    expect(response.status).toBe(200);
    const requestId = response.headers.get('X-Request-Id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/search?q&type=book&page=2',
      status: 200,
      request_id: requestId,
    });
    expect(typeof lines[0]!.duration_ms).toBe('number');
    expect(new Date(lines[0]!.time as string).getTime()).not.toBeNaN();
    expect(JSON.stringify(lines[0])).not.toContain('心');
  });

  it("keeps a load balancer's request id and logs the status of a page that is not there", async () => {
    const response = await ctx.app.request('/no-such-page', { headers: { 'X-Request-Id': 'lb-42' } });
    expect(response.headers.get('X-Request-Id')).toBe('lb-42');
    expect(lines).toEqual([expect.objectContaining({ path: '/no-such-page', status: 404, request_id: 'lb-42' })]);
  });
});

describe('the loggable path', () => {
  it('drops tokens, card numbers, e-mail addresses and sign-in targets, and the card in a staff URL', () => {
    expect(loggablePath('http://x/account/email/confirm?token=abc')).toBe('/account/email/confirm?token');
    expect(loggablePath('http://x/staff/admin/audit?staff=librarian&card=0012345678&from=2026-01-01')).toBe(
      '/staff/admin/audit?staff&card&from',
    );
    expect(loggablePath('http://x/login?next=%2Faccount%3Femail%3Da%40b.jp')).toBe('/login?next');
    expect(loggablePath('http://x/staff/patrons/0012345678/edit')).toBe('/staff/patrons/:card/edit');
    expect(loggablePath('http://x/staff/patrons/new')).toBe('/staff/patrons/new');
    expect(loggablePath('http://x/search?sort=title&available=1')).toBe('/search?sort=title&available=1');
  });
});

describe('robots.txt', () => {
  it("lets crawlers index the catalog but not a patron's or the staff's pages", async () => {
    const app = createApp({
      db: undefined as never,
      databaseKind: 'pglite',
      config: testConfig(),
      clock: new TestClock(),
      assets: loadAssets(),
    });
    const response = await app.request('/robots.txt');
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const path of ['/account', '/cart', '/reserve', '/login', '/register', '/staff', '/dev'])
      expect(text).toContain(`Disallow: ${path}\n`);
    expect(text).not.toMatch(/Disallow: \/(search|records)?\n/);
  });
});

describe('/readyz with the database server down', () => {
  it('answers a short 503 and logs the error text instead', async () => {
    const down = openPostgres({ url: 'postgresql://app@localhost/library?host=/nonexistent-socket-dir&port=1', poolSize: 1 });
    const app = createApp({ db: down.db, databaseKind: 'postgres', config: testConfig(), clock: new TestClock(), assets: loadAssets() });
    try {
      const response = await app.request('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable' });
      const logged = lines.find((line) => line.msg === 'readiness check: database unreachable');
      expect(JSON.stringify(logged)).toContain('nonexistent-socket-dir');
    } finally {
      await down.close();
    }
  });
});

describe('the job log', () => {
  it('writes one line per finished or failed worker run, naming the job', async () => {
    const worker = startWorker({ db: undefined as never, config: testConfig(), clock: new TestClock() }, [
      { name: 'shelve-returns', intervalMs: 60_000, run: () => Promise.resolve() },
      { name: 'broken', intervalMs: 60_000, run: () => Promise.reject(new Error('no printer')) },
    ]);
    await vi.waitFor(() => expect(lines).toHaveLength(2));
    await worker.stop();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', msg: 'job finished', job: 'shelve-returns' }),
        expect.objectContaining({
          level: 'error',
          msg: 'job failed',
          job: 'broken',
          err: expect.objectContaining({ message: 'no printer' }),
        }),
      ]),
    );
  });
});
