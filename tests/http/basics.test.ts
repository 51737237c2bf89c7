/** What every page shares: the shell, static files, health, errors, CSRF and size limits. */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ensureSession } from '../../src/http/session.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { openPostgres } from '../../src/db/database.ts';
import { createTestContext, testConfig, type TestContext } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { TestClient, ORIGIN } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';

describe.each(databaseKinds)('page basics on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
    // Routes only tests need: one that starts a session, one that fails.
    ctx.app.get('/test/session', async (c) => {
      await ensureSession(c);
      return c.html('<form><input type="hidden" name="_csrf" value="' + c.var.session!.csrfToken + '"></form>');
    });
    ctx.app.get('/test/boom', () => {
      throw new Error('secret internal detail');
    });
  });
  afterAll(() => ctx.close());

  it('serves the home page in Japanese with the pageContext and security headers', async () => {
    const response = await ctx.app.request('/');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('みなと市立図書館');
    for (const link of ['href="/search"', 'href="/cart"', 'href="/account"', 'href="/login"']) expect(html).toContain(link);
    expect(html).toMatch(/<script src="\/static\/htmx\.[0-9a-f]{10}\.js" defer/);
    expect(html).toContain('role="search"');
    expect(response.headers.get('Vary')).toContain('HX-Request');
    const csp = response.headers.get('Content-Security-Policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(response.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it("gives staff pages the desk header, without the patrons' cart and account links", async () => {
    const html = await (await ctx.app.request('/staff/login')).text();
    expect(html).toContain('みなと市立図書館（職員用）');
    expect(html).not.toContain('href="/cart"');
    expect(html).not.toContain('href="/account"');
  });

  it('speaks English when asked, by header or by the footer switch', async () => {
    const byHeader = await (await ctx.app.request('/', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } })).text();
    expect(byHeader).toContain('<html lang="en">');
    expect(byHeader).toContain('Minato City Library');
    const client = new TestClient(ctx.app);
    const switched = await client.get('/language/en?next=/search%3Fq%3D1');
    expect(switched.status).toBe(303);
    expect(switched.headers.get('Location')).toBe('/search?q=1');
    expect(client.cookie('lang')).toBe('en');
    expect(await (await client.get('/')).text()).toContain('<html lang="en">');
  });

  it('never redirects the language switch off the site', async () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const response = await ctx.app.request(`/language/ja?next=${encodeURIComponent(next)}`);
      expect(response.headers.get('Location')).toBe('/');
    }
  });

  it('serves hashed static files compressed with a year-long immutable cache', async () => {
    const url = loadAssets().url('htmx.js');
    const response = await ctx.app.request(url, { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('Content-Encoding')).toBe('br');
    expect((await response.arrayBuffer()).byteLength).toBeLessThan(16_000);
    expect((await ctx.app.request('/static/app.0000000000.css')).status).toBe(404);
  });

  it('compresses pages as the browser accepts: gzip, else brotli, nothing when refused or asked for nothing', async () => {
    const page = async (acceptEncoding?: string) => {
      const response = await ctx.app.request('/', { headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } });
      const body = Buffer.from(await response.arrayBuffer());
      const encoding = response.headers.get('Content-Encoding');
      // Each visitor's page has its own CSRF token; the rest is the same page.
      const html = (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body)
        .toString()
        .replace(/(X-CSRF-Token&quot;:&quot;)[^&]+/, '$1…');
      expect(html).toContain('<html lang="ja">');
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=UTF-8');
      expect(response.headers.get('Vary')).toContain('Accept-Encoding');
      return { encoding, size: body.byteLength, html };
    };
    const plain = await page();
    expect(plain.encoding).toBeNull();
    expect(await page('gzip, deflate, br, zstd')).toMatchObject({ encoding: 'gzip', html: plain.html });
    expect(await page('br')).toMatchObject({ encoding: 'br', html: plain.html });
    expect((await page('gzip')).size).toBeLessThan(plain.size * 0.6);
    expect((await page('gzip;q=0, br;q=0')).encoding).toBeNull();
    // A short fragment goes as it is, with its length: compress() would otherwise stream it through a compressor.
    const short = await ctx.app.request('/no/such/page', { headers: { 'Accept-Encoding': 'gzip, br', 'HX-Request': 'true' } });
    const body = await short.text();
    expect(short.status).toBe(404);
    expect(short.headers.get('Content-Encoding')).toBeNull();
    expect(short.headers.get('Content-Length')).toBe(String(Buffer.byteLength(body)));
    expect(Buffer.byteLength(body)).toBeLessThan(1024);
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await ctx.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: kind });
  });

  it('shows a 404 page for an unknown path', async () => {
    const response = await ctx.app.request('/no/such/page');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('ページが見つかりません');
    expect(html).toContain('<html lang="ja">');
  });

  it('shows an error page with a reference and no internals when a handler fails', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const response = await ctx.app.request('/test/boom');
      const html = await response.text();
      expect(response.status).toBe(500);
      expect(html).toContain('ただいま処理できません');
      expect(html).toMatch(/問い合わせ番号: [0-9a-f]{8}/);
      expect(html).not.toContain('secret internal detail');
      expect(html).not.toMatch(/at .*\.ts:\d+/);
      expect(errors.length).toBe(1);
    } finally {
      console.error = original;
    }
  });

  it('refuses POSTs from another site, without an Origin, or without the session token', async () => {
    const client = new TestClient(ctx.app);
    await client.page('/test/session');
    expect(client.csrfToken).toMatch(/^[\w-]{43}$/);
    const crossSite = await client.post('/logout', {}, { headers: { Origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('この操作は受け付けられませんでした');
    const noToken = await client.post('/logout', {}, { csrf: false });
    expect(noToken.status).toBe(403);
    const wrongToken = await client.post('/logout', { _csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    const noOrigin = await ctx.app.request('/logout', { method: 'POST', body: new URLSearchParams({ _csrf: client.csrfToken! }) });
    expect(noOrigin.status).toBe(403);
    const accepted = await client.post('/logout');
    expect(accepted.status).not.toBe(403);
    // Signing out ended that session: a new one brings a new token.
    await client.page('/test/session');
    const byHeader = await client.post('/logout', {}, { csrf: false, headers: { 'X-CSRF-Token': client.csrfToken! } });
    expect(byHeader.status).not.toBe(403);
  });

  it('refuses an oversize body with 413 before reading it', async () => {
    const response = await ctx.app.request('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'q=' + 'あ'.repeat(100_000),
    });
    expect(response.status).toBe(413);
  });

  it('expires an idle session and keeps a recently used one', async () => {
    const client = new TestClient(ctx.app);
    await client.page('/test/session');
    const session = client.cookie('session');
    ctx.clock.advanceMinutes(29);
    await client.page('/test/session');
    expect(client.cookie('session')).toBe(session);
    ctx.clock.advanceMinutes(31);
    await client.page('/test/session');
    expect(client.cookie('session')).not.toBe(session);
  });
});

describe('when the database server is down', () => {
  it('answers 503 with Retry-After on pages and on /readyz, and /healthz still answers', async () => {
    // A server that is not there: connecting fails the way a stopped PostgreSQL does.
    const down = openPostgres({ url: 'postgresql://app@localhost/library?host=/nonexistent-socket-dir&port=1', poolSize: 1 });
    const app = createApp({ db: down.db, databaseKind: 'postgres', config: testConfig(), clock: new TestClock(), assets: loadAssets() });
    const original = console.error;
    console.error = () => {};
    try {
      expect((await app.request('/healthz')).status).toBe(200);
      expect((await app.request('/readyz')).status).toBe(503);
      const page = await app.request('/');
      expect(page.status).toBe(503);
      expect(page.headers.get('Retry-After')).toBe('5');
      const html = await page.text();
      expect(html).toContain('ただいま混み合っています');
      expect(html).not.toContain('nonexistent-socket-dir');
    } finally {
      console.error = original;
      await down.close();
    }
  });
});
