/**
 * The installable app over HTTP: the manifest, the service worker as served
 * (precache list, headers), the offline page, what the account page tells
 * the worker (and the tag cookie that ties its copy to the session), and the
 * worker's rewrites of the kept pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_PATH,
  markOfflineCopy,
  OFFLINE_ACCOUNT_LINK_ID,
  OFFLINE_BANNER_ID,
  OFFLINE_COPY_TAG_COOKIE,
  PURGE_ACCOUNT_MESSAGE,
  revealAccountLink,
} from '../../sw/offline-copy.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { staticDir } from '../../src/http/assets.ts';
import { hashToken, sessionCookieName } from '../../src/http/session.ts';
import { offlineCopyTag } from '../../src/pwa/account-copy.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { addHold, addPatron } from '../support/fixtures.ts';
import { reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';

describe('installable app', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  async function signedIn(options: { sharedDevice?: boolean } = {}) {
    const patronId = await addPatron(ctx.db);
    await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx), placed_at: ctx.clock.now() });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
    if (options.sharedDevice) await ctx.db.updateTable('sessions').set({ shared_device: true }).where('patron_id', '=', patronId).execute();
    return client;
  }

  /** The id of the client's session, as the database knows it. */
  const sessionId = (client: TestClient) => hashToken(client.cookie(sessionCookieName(false))!);

  /** The response's Set-Cookie line for the offline copy's tag, if it has one. */
  const tagCookie = (response: Response) => response.headers.getSetCookie().find((line) => line.startsWith(`${OFFLINE_COPY_TAG_COOKIE}=`));
  const TAG_DELETED = new RegExp(`^${OFFLINE_COPY_TAG_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax$`);

  it('serves a manifest in Japanese that starts at the account page, with icons that exist', async () => {
    const response = await ctx.app.request('/manifest.webmanifest');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/manifest+json');
    const manifest = (await response.json()) as Record<string, unknown> & {
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'みなと市立図書館',
      short_name: '図書館',
      lang: 'ja',
      start_url: '/account',
      scope: '/',
      display: 'standalone',
      theme_color: '#1d4e89',
      background_color: '#ffffff',
    });
    const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.type} ${icon.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192 image/png any', '512x512 image/png any', '512x512 image/png maskable']));
    for (const icon of manifest.icons) {
      const file = await ctx.app.request(icon.src);
      expect(file.status, icon.src).toBe(200);
      expect(file.headers.get('Content-Type')).toBe(icon.type);
      if (icon.type === 'image/png') {
        // The PNG header's width and height (big-endian, bytes 16–23).
        const bytes = new DataView(await file.arrayBuffer());
        expect(`${bytes.getUint32(16)}x${bytes.getUint32(20)}`).toBe(icon.sizes);
      }
    }
  });

  it('serves the worker with its scope header, uncached, with every asset a page loads in its precache list', async () => {
    const response = await ctx.app.request('/sw.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('Service-Worker-Allowed')).toBe('/');
    expect(response.headers.get('Cache-Control')).toBe('no-cache');
    expect(response.headers.get('Content-Encoding')).toBe('gzip');
    const source = gunzipSync(await response.arrayBuffer()).toString();
    expect(source).not.toContain('__WB_MANIFEST');
    const page = await (await ctx.app.request('/')).text();
    const pageAssets = [...page.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(pageAssets.length).toBeGreaterThanOrEqual(4);
    for (const url of pageAssets) expect(source, url).toContain(`{"url":"${url}","revision":null}`);
    expect(source).toMatch(/\{"url":"\/offline","revision":"[0-9a-f]{16}"\}/);
  });

  it('gives the offline page a new revision in the other language, so a new worker fetches it again', async () => {
    const revision = async (lang: string) =>
      /"\/offline","revision":"([0-9a-f]+)"/.exec(
        await (await ctx.app.request('/sw.js', { headers: { Cookie: `lang=${lang}` } })).text(),
      )?.[1];
    expect(await revision('ja')).not.toBe(await revision('en'));
  });

  it('serves the offline page without any session state, with its account link hidden', async () => {
    const client = await signedIn();
    const { response, html } = await client.page('/offline');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-cache');
    expect(html).toContain('オフラインです');
    expect(html).not.toContain('_csrf');
    expect(html).not.toContain('X-CSRF-Token');
    expect(html).toContain(`<p id="${OFFLINE_ACCOUNT_LINK_ID}" hidden="">`);
    expect(revealAccountLink(html)).toContain(`<p id="${OFFLINE_ACCOUNT_LINK_ID}"><a href="${ACCOUNT_PATH}">`);
  });

  it('marks the account page: no HTTP caching, compressed, the worker may keep it, with the banner hidden and the time of the page', async () => {
    const client = await signedIn();
    ctx.clock.set('2026-12-01T10:07:00+09:00');
    const response = await client.get('/account', { 'Accept-Encoding': 'gzip, br' });
    const html = gunzipSync(await response.arrayBuffer()).toString();
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(response.headers.get('Content-Encoding')).toBe('gzip');
    expect(response.headers.get('Vary')).toContain('Accept-Encoding');
    expect(response.headers.get('Offline-Copy')).toBe('allow');
    expect(html).toContain(`<div id="${OFFLINE_BANNER_ID}" class="notice warning" hidden="">`);
    expect(html).toContain('10:07 時点の情報です（オフライン）');
  });

  it('never lets the worker keep the account page of a shared-computer session', async () => {
    const client = await signedIn({ sharedDevice: true });
    const { response } = await client.page('/account');
    expect(response.headers.get('Offline-Copy')).toBe('none');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
  });

  it('names the account page’s session by a tag scripts may read, with the seconds left of its absolute limit', async () => {
    const client = await signedIn();
    const id = sessionId(client);
    await ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(ctx.clock.now().getTime() + 90_000) })
      .where('id', '=', id)
      .execute();
    const { response } = await client.page('/account');
    const tag = offlineCopyTag(id);
    expect(response.headers.get('Offline-Copy-Tag')).toBe(tag);
    expect(response.headers.get('Offline-Copy-Max-Age')).toBe('90');
    // Not HttpOnly: the worker reads it. Gone when the session reaches its limit.
    expect(tagCookie(response)).toBe(`${OFFLINE_COPY_TAG_COOKIE}=${tag}; Max-Age=90; Path=/; SameSite=Lax`);
    expect([id, client.cookie(sessionCookieName(false))]).not.toContain(tag);
    // Once the browser holds the tag, pages say nothing more about it.
    expect(tagCookie((await client.page('/account')).response)).toBeUndefined();
    expect(tagCookie((await client.page('/')).response)).toBeUndefined();
  });

  it('sets the tag at sign-in for the whole absolute lifetime, and Secure behind HTTPS', async () => {
    const secure = await createTestContext('pglite', { baseUrl: 'https://library.example.jp', secureCookies: true });
    try {
      await addPatron(secure.db, { card_number: '07200001', password_hash: await hashPassword('pwa2026') });
      const client = new TestClient(secure.app);
      await client.page('/login');
      const response = await client.post('/login', { card_number: '07200001', password: 'pwa2026' });
      expect(response.status).toBe(303);
      const token = client.cookie(sessionCookieName(true))!;
      expect(tagCookie(response)).toBe(
        `${OFFLINE_COPY_TAG_COOKIE}=${offlineCopyTag(hashToken(token))}; Max-Age=43200; Path=/; Secure; SameSite=Lax`,
      );
    } finally {
      await secure.close();
    }
  });

  it('never tags a shared-computer session, and deletes a tag left from before', async () => {
    const client = await signedIn({ sharedDevice: true });
    client.setCookie(OFFLINE_COPY_TAG_COOKIE, offlineCopyTag('an earlier session'));
    const { response } = await client.page('/account');
    expect(response.headers.get('Offline-Copy-Tag')).toBeNull();
    expect(response.headers.get('Offline-Copy-Max-Age')).toBeNull();
    expect(tagCookie(response)).toMatch(TAG_DELETED);
    expect(tagCookie((await client.page('/account')).response)).toBeUndefined();
  });

  it('deletes the tag when the session ends: sign-out, timeout, a staff session in its place', async () => {
    const signedOut = await signedIn();
    await signedOut.page('/account');
    expect(signedOut.cookie(OFFLINE_COPY_TAG_COOKIE)).toBeDefined();
    expect(tagCookie(await signedOut.post('/logout'))).toMatch(TAG_DELETED);

    const timedOut = await signedIn();
    await timedOut.page('/account');
    ctx.clock.advanceMinutes(ctx.config.rules.session.idleMinutes + 1);
    expect(tagCookie((await timedOut.page('/')).response)).toMatch(TAG_DELETED);

    const replaced = await signedIn();
    await replaced.page('/account');
    await ctx.db
      .insertInto('staff')
      .values({ username: 'pwa-desk', role: 'desk', password_hash: await hashPassword('desk-pass-2026') })
      .execute();
    await replaced.page('/staff/login');
    const staffSignIn = await replaced.post('/staff/login', { username: 'pwa-desk', password: 'desk-pass-2026' });
    expect(staffSignIn.status).toBe(303);
    expect(tagCookie(staffSignIn)).toMatch(TAG_DELETED);
  });

  it('the kept copy shows the banner and disables every button of the page, but not the logout', async () => {
    const client = await signedIn();
    const { html } = await client.page('/account');
    const main = (text: string) => text.slice(text.indexOf('<main'), text.indexOf('</main>'));
    expect(main(html)).toMatch(/<button(?![^>]*disabled)/);
    const offline = markOfflineCopy(html);
    expect(offline).toContain(`<div id="${OFFLINE_BANNER_ID}" class="notice warning">`);
    const buttons = [...main(offline).matchAll(/<button[^>]*>/g)].map((m) => m[0]);
    expect(buttons.length).toBeGreaterThan(0);
    for (const button of buttons) expect(button).toContain('disabled');
    expect(offline).toMatch(/<form method="post" action="\/logout"[^>]*>(?:(?!<\/form>).)*<button type="submit"/s);
    expect(offline.slice(0, offline.indexOf('<main'))).not.toContain('disabled');
  });

  it('the registration script names the worker and the message the worker listens for', () => {
    const script = readFileSync(path.join(staticDir, 'pwa.js'), 'utf8');
    expect(script).toContain("register('/sw.js')");
    expect(script).toContain(`postMessage('${PURGE_ACCOUNT_MESSAGE}')`);
  });
});
