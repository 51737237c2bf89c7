/**
 * Staff sign-in can no longer be used to shut the staff out (Issue 17 item
 * 8): a username only backs off briefly (30 s, doubling up to 5 minutes),
 * known and unknown usernames answer alike, and the per-address throttle
 * stops one address trying many passwords. On PGlite and PostgreSQL, with
 * real parallel requests.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import type { Config } from '../../src/config.ts';
import { createTestContext, type TestContext, testConfig } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { sameAnswer } from '../support/same-answer.ts';
import { signInCount } from '../support/sign-in-count.ts';

let adminHash: string;
beforeAll(async () => {
  adminHash = await hashPassword('admin-pass-2026');
});

/** The rules with another address throttle. */
function withThrottle(attempts: number): Partial<Config> {
  const { rules } = testConfig();
  return { rules: { ...rules, addressThrottle: { attempts, windowMinutes: 15 } } };
}

describe.each(databaseKinds)('staff sign-in back-off on %s', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind, withThrottle(1000));
    await ctx.db.insertInto('staff').values({ username: 'kanri', role: 'admin', password_hash: adminHash }).execute();
  });
  afterEach(() => ctx.close());

  async function attempt(client: TestClient, username: string, password: string) {
    const response = await client.post('/staff/login', { username, password });
    return { status: response.status, retryAfter: response.headers.get('Retry-After'), body: sameAnswer(await response.text(), username) };
  }

  it('answers a known and an unknown username alike through five failures and the back-off', async () => {
    const known = new TestClient(ctx.app);
    const unknown = new TestClient(ctx.app);
    await known.page('/staff/login');
    await unknown.page('/staff/login');
    for (let i = 1; i <= 6; i += 1) {
      const a = await attempt(known, 'kanri', 'guess-2026');
      const b = await attempt(unknown, 'nobody', 'guess-2026');
      expect(a).toEqual(b);
      expect(a.status).toBe(i < 5 ? 422 : 429);
      if (i >= 5) {
        expect(a.retryAfter).toBe('30');
        expect(a.body).toContain('このIDでは30秒ほどログインできません');
      }
    }
    expect(await signInCount(ctx, 'nobody', 'staff')).toEqual(await signInCount(ctx, 'kanri', 'staff'));
  });

  it('backs off for 30 seconds, doubling with each further five failures up to 5 minutes, and a success starts again', async () => {
    const client = new TestClient(ctx.app);
    await client.page('/staff/login');
    for (const seconds of [30, 60, 120, 240, 300, 300]) {
      for (let i = 0; i < 4; i += 1) expect((await attempt(client, 'kanri', 'guess-2026')).status).toBe(422);
      const backOff = await attempt(client, 'kanri', 'guess-2026');
      expect(backOff).toMatchObject({ status: 429, retryAfter: String(seconds) });
      expect((await attempt(client, 'kanri', 'admin-pass-2026')).status).toBe(429);
      ctx.clock.advanceMinutes(seconds / 60);
    }
    expect((await client.post('/staff/login', { username: 'kanri', password: 'admin-pass-2026' })).status).toBe(303);
    expect(await signInCount(ctx, 'kanri', 'staff')).toEqual({ failures: 0, lockedUntil: null });
    await client.post('/staff/logout');
    await client.page('/staff/login');
    for (let i = 0; i < 4; i += 1) await attempt(client, 'kanri', 'guess-2026');
    expect((await attempt(client, 'kanri', 'guess-2026')).retryAfter).toBe('30');
  });

  it('backs off once when 20 wrong passwords arrive at the same time, and lets the admin in 30 seconds later', async () => {
    const client = new TestClient(ctx.app);
    await client.page('/staff/login');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.post('/staff/login', { username: 'kanri', password: 'guess-2026' })),
    );
    expect(responses.filter((r) => r.status === 422).length).toBeLessThanOrEqual(5);
    expect(responses.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
    const locks = await ctx.db.selectFrom('sign_in_counts').select(['locks', 'locked_until']).where('name', '=', 'kanri').execute();
    expect(locks).toEqual([{ locks: 1, locked_until: new Date(ctx.clock.now().getTime() + 30_000) }]);
    ctx.clock.advanceMinutes(0.5);
    expect((await client.post('/staff/login', { username: 'kanri', password: 'admin-pass-2026' })).status).toBe(303);
  });
});

describe.each(databaseKinds)('staff sign-in address throttle on %s', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind, withThrottle(3));
    await ctx.db.insertInto('staff').values({ username: 'kanri', role: 'admin', password_hash: adminHash }).execute();
  });
  afterEach(() => ctx.close());

  it('checks only as many passwords from one address as the limit when they arrive at the same time, then answers 429', async () => {
    const client = new TestClient(ctx.app);
    await client.page('/staff/login');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.post('/staff/login', { username: `guess${i}`, password: 'guess-2026' })),
    );
    expect(responses.filter((r) => r.status === 422)).toHaveLength(3);
    const throttled = responses.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(9);
    expect(throttled[0]!.headers.get('Retry-After')).toBe('900');
    expect(await throttled[0]!.text()).toContain('この端末からの失敗が多すぎます');
    expect((await client.post('/staff/login', { username: 'kanri', password: 'admin-pass-2026' })).status).toBe(429);
  });
});
