/**
 * The security headers on every kind of response the app gives: pages,
 * htmx fragments, form errors, error pages (400, 403, 404, 413, 500),
 * redirects, static files, the service worker, the manifest, the offline
 * page and the health checks; HSTS only when the site is served over https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssets } from '../../src/http/assets.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { ORIGIN, TestClient } from '../support/client.ts';
import { addPatron } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

type Probe = [name: string, send: (client: TestClient, ctx: TestContext) => Promise<Response>, status: number];

const probes: Probe[] = [
  ['page', (client) => client.get('/'), 200],
  ['htmx fragment', (client) => client.get('/search?q=x', { 'HX-Request': 'true' }), 200],
  ['form error', (client) => client.post('/login', { card_number: 'x' }), 422],
  ['bad request', (client) => client.post('/cart', {}, { headers: { 'Content-Type': 'multipart/form-data; boundary=b' } }), 400],
  ['forbidden', (client) => client.post('/cart', { record_id: '1' }, { csrf: false }), 403],
  ['not found', (client) => client.get('/no-such-page'), 404],
  ['not found as a fragment', (client) => client.get('/records/999999', { 'HX-Request': 'true' }), 404],
  ['too large', (client) => client.post('/login', { card_number: 'x'.repeat(70_000) }), 413],
  ['server error', (client) => client.get('/test/boom'), 500],
  ['redirect', (client) => client.get('/language/en?next=/'), 303],
  ['sign-in redirect', (client) => client.get('/account/password'), 303],
  ['static file', (client) => client.get(loadAssets().url('app.css')), 200],
  ['service worker', (client) => client.get('/sw.js'), 200],
  ['manifest', (client) => client.get('/manifest.webmanifest'), 200],
  ['offline page', (client) => client.get('/offline'), 200],
  ['health check', (client) => client.get('/healthz'), 200],
  ['readiness check', (client) => client.get('/readyz'), 200],
];

function expectHeaders(response: Response, name: string, https: boolean): void {
  const csp = response.headers.get('Content-Security-Policy') ?? '';
  expect(csp, name).toContain("default-src 'self'");
  expect(csp, name).toContain("script-src 'self'");
  expect(csp, name).toContain("frame-ancestors 'none'");
  expect(csp, name).toContain("object-src 'none'");
  expect(csp, name).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(response.headers.get('X-Content-Type-Options'), name).toBe('nosniff');
  expect(response.headers.get('Referrer-Policy'), name).toBe('same-origin');
  expect(response.headers.get('X-Frame-Options'), name).toBe('DENY');
  if (https) expect(response.headers.get('Strict-Transport-Security'), name).toMatch(/^max-age=\d{8,}/);
  else expect(response.headers.get('Strict-Transport-Security'), name).toBeNull();
}

describe.each([
  ['http', false],
  ['https', true],
] as const)('security headers over %s', (_scheme, https) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('pglite', https ? { baseUrl: 'https://lib.example.jp', secureCookies: true } : {});
    ctx.app.get('/test/boom', () => {
      throw new Error('a failure for the test');
    });
  });
  afterAll(() => ctx.close());

  it.each(probes)('are on the %s response', async (name, send, status) => {
    const client = new TestClient(ctx.app);
    await client.page('/login');
    const response = await send(client, ctx);
    expect(response.status, name).toBe(status);
    expectHeaders(response, name, https);
  });

  it('are on the signed-in account page and the renewal fragment', async () => {
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: await addPatron(ctx.db) });
    const account = await client.get('/account');
    expect(account.status).toBe(200);
    expectHeaders(account, 'account', https);
    await client.page('/account');
    const renewal = await client.post(
      '/account/loans/999999/renew',
      {},
      { headers: { 'HX-Request': 'true', Origin: https ? 'https://lib.example.jp' : ORIGIN } },
    );
    expect(renewal.status).toBe(404);
    expectHeaders(renewal, 'renewal fragment', https);
  });
});
