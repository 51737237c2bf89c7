/**
 * The operations settings of issue 11: pool and timeouts from the environment, slow queries logged, the proxy's address trusted only
 * when asked.
 */
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, defaultPoolSize, loadConfig } from '../../src/config.ts';
import { slowQueryLogger } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';

describe('operations settings', () => {
  it('reads the pool, the statement timeout, the slow-query threshold, the proxy and the web processes from the environment', () => {
    const defaults = loadConfig({});
    expect([
      defaults.databasePoolSize,
      defaults.databaseStatementTimeoutMs,
      defaults.slowQueryMs,
      defaults.trustedProxy,
      defaults.webProcesses,
    ]).toEqual([defaultPoolSize(1), 30_000, 200, false, 1]);
    const set = loadConfig({
      DATABASE_POOL_SIZE: '25',
      DATABASE_STATEMENT_TIMEOUT_MS: '5000',
      SLOW_QUERY_MS: '0',
      TRUSTED_PROXY: '1',
      WEB_PROCESSES: '4',
    });
    expect([set.databasePoolSize, set.databaseStatementTimeoutMs, set.slowQueryMs, set.trustedProxy, set.webProcesses]).toEqual([
      25,
      5000,
      0,
      true,
      4,
    ]);
    expect(loadConfig({ WEB_PROCESSES: '4' }).databasePoolSize).toBe(defaultPoolSize(4));
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_PROCESSES: 'many' })).toThrow(/WEB_PROCESSES must be a whole number/);
  });

  it('sizes the pool, unless told, to twice the cores plus one in all, shared among the web processes, and at least 2', () => {
    expect(defaultPoolSize(1, 2)).toBe(5);
    expect(defaultPoolSize(2, 2)).toBe(3);
    expect(defaultPoolSize(8, 8)).toBe(3);
    expect(defaultPoolSize(4, 1)).toBe(2);
    expect(defaultPoolSize(64, 4)).toBe(2);
  });
});

describe('the slow-query log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs a statement over the threshold with its duration, and nothing under it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = slowQueryLogger(50)!;
    log({ level: 'query', query: CompiledQuery.raw('select   pg_sleep(0.06)'), queryDurationMillis: 61.4 });
    log({ level: 'query', query: CompiledQuery.raw('select 1'), queryDurationMillis: 3 });
    expect(warn.mock.calls).toEqual([['slow query (61 ms): select pg_sleep(0.06)']]);
    expect(slowQueryLogger(0)).toBeUndefined();
  });
});

describe.each([false, true])('the sign-in throttle with TRUSTED_PROXY %s', (trustedProxy) => {
  let ctx: TestContext;
  afterEach(async () => ctx?.close());

  it(trustedProxy ? 'counts the address the proxy appended' : 'ignores X-Forwarded-For, which any client can write', async () => {
    ctx = await createTestContext('pglite', { trustedProxy });
    const client = new TestClient(ctx.app, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' });
    await client.page('/login');
    expect((await client.post('/login', { card_number: '07999999', password: 'wrong00' })).status).toBe(422);
    const rows = await ctx.db.selectFrom('login_throttles').select('address').execute();
    expect(rows).toEqual([{ address: trustedProxy ? '203.0.113.9' : 'unknown' }]);
  });
});
