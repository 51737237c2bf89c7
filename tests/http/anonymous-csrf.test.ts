/**
 * A visitor without a session: pages carry a signed double-submit CSRF token
 * and write no session row; the first cart POST makes the session (Issue 17
 * item 10, SPEC §10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { reservableTitle } from '../support/reservations.ts';

describe.each(databaseKinds)('an anonymous visitor on %s', (kind) => {
  let ctx: TestContext;
  let recordId: number;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
    recordId = await reservableTitle(ctx, 'book', '猫の本');
  });
  afterAll(() => ctx.close());

  async function sessionRows(): Promise<number> {
    return (await ctx.db.selectFrom('sessions').select('id').execute()).length;
  }

  it('reads pages without a session row being written, then gets one at the first cart POST', async () => {
    await ctx.db.deleteFrom('sessions').execute();
    const client = new TestClient(ctx.app);
    for (const path of ['/', '/search?q=猫', `/records/${recordId}`, '/login', '/register', '/staff/login']) {
      const { response } = await client.page(path);
      expect(response.status, path).toBe(200);
    }
    expect(await sessionRows()).toBe(0);
    expect(client.cookie('session')).toBeUndefined();
    expect(client.cookie('csrf_seed')).toBeDefined();

    await client.page(`/records/${recordId}`);
    const pageToken = client.csrfToken!;
    expect(pageToken).toBeTruthy();
    const added = await client.post('/cart', { record_id: String(recordId) });
    expect(added.status).toBe(303);
    expect(await sessionRows()).toBe(1);
    expect((await client.page('/cart')).html).toContain('猫の本');
    // The page read before the session existed goes on working (htmx keeps its token in hx-headers).
    const again = await client.post('/cart', { record_id: String(recordId), _csrf: pageToken });
    expect(again.status).toBe(303);
    expect(await sessionRows()).toBe(1);
  });

  it('refuses a POST without the seed cookie, with a wrong token, or with a token made from another seed', async () => {
    const visitor = new TestClient(ctx.app);
    await visitor.page(`/records/${recordId}`);
    const token = visitor.csrfToken!;
    const other = new TestClient(ctx.app);
    await other.page(`/records/${recordId}`);

    const noSeed = new TestClient(ctx.app);
    expect((await noSeed.post('/cart', { record_id: String(recordId), _csrf: token })).status).toBe(403);
    expect((await visitor.post('/cart', { record_id: String(recordId), _csrf: token.slice(1) + 'A' })).status).toBe(403);
    expect((await visitor.post('/cart', { record_id: String(recordId), _csrf: other.csrfToken! })).status).toBe(403);
    expect((await visitor.post('/cart', { record_id: String(recordId) }, { csrf: false })).status).toBe(403);
  });

  it('is accepted by another web process on the same database, whose key comes from the database', async () => {
    const otherProcess = createApp({
      db: ctx.db,
      databaseKind: ctx.database.kind,
      config: ctx.config,
      clock: ctx.clock,
      assets: loadAssets(),
    });
    const client = new TestClient(ctx.app);
    await client.page(`/records/${recordId}`);
    const seed = client.cookie('csrf_seed')!;
    const token = client.csrfToken!;
    const elsewhere = new TestClient(otherProcess);
    elsewhere.setCookie('csrf_seed', seed);
    expect((await elsewhere.post('/cart', { record_id: String(recordId), _csrf: token })).status).toBe(303);
  });
});
