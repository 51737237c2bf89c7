/**
 * The installed app in Chromium: installability, the service worker taking
 * control, the account page offline and on a slow network with its banner,
 * the card on the phone kept the same way,
 * and the kept copy's privacy (logout, another patron, a shared computer, a
 * session that ended without a logout or reached its absolute limit);
 * axe-core on the pages shown offline.
 * The server in front of the app can hold /account back: a test's stand-in
 * for a weak connection, not a hook in the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { ACCOUNT_CACHE, ACCOUNT_PATH, CARD_PATH, OFFLINE_COPY_TAG_COOKIE } from '../../sw/offline-copy.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { axeViolations, CHROMIUM_ARGS, launchChromium, PHONE } from '../support/browser.ts';
import { addHold, addPatron } from '../support/fixtures.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';
import { reservableTitle } from '../support/reservations.ts';

const PASSWORD = 'pwa2026';
/** The test clock's time at the library: the banner's 「HH:MM」. */
const PAGE_TIME = '10:00';

describe('installed app in Chromium', () => {
  let ctx: TestContext;
  let server: LiveServer;
  let browser: Browser;
  let accountDelayMs = 0;
  let cards = 0;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    server = await startLiveServer(ctx, async (request) => {
      if (accountDelayMs > 0 && new URL(request.url).pathname === ACCOUNT_PATH)
        await new Promise((resolve) => setTimeout(resolve, accountDelayMs));
      return ctx.app.fetch(request);
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  /** A patron with a password and a pending hold (so the account page has buttons); returns the card number. */
  async function patron(): Promise<string> {
    const cardNumber = `0710${String(++cards).padStart(4, '0')}`;
    const patronId = await addPatron(ctx.db, { card_number: cardNumber, password_hash: await hashPassword(PASSWORD) });
    await addHold(ctx.db, {
      patron_id: patronId,
      record_id: await reservableTitle(ctx, 'book', `オフラインの本 ${cardNumber}`),
      placed_at: ctx.clock.now(),
    });
    return cardNumber;
  }

  /** A new browser profile whose first page has installed the worker and is controlled by it. */
  async function installedProfile(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    return { context, page };
  }

  async function signIn(page: Page, cardNumber: string, options: { sharedDevice?: boolean; next?: string } = {}): Promise<void> {
    await page.goto(`${server.url}/login${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`);
    await page.fill('#card_number', cardNumber);
    await page.fill('#password', PASSWORD);
    if (options.sharedDevice) await page.check('#shared_device');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}${options.next ?? ACCOUNT_PATH}`);
  }

  /** The account page the worker keeps, if any. */
  function keptCopy(page: Page): Promise<string | null> {
    return page.evaluate(async (cacheName) => {
      const kept = await caches.match('/account', { cacheName });
      return kept ? kept.text() : null;
    }, ACCOUNT_CACHE);
  }

  /** Every cached response of the origin whose URL is the account page's or whose body names the card. */
  function cachedAccountTraces(page: Page, cardNumber: string): Promise<string[]> {
    return page.evaluate(async (card) => {
      const traces: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const body = await (await cache.match(request))!.text();
          if (new URL(request.url).pathname.startsWith('/account') || body.includes(card)) traces.push(`${name}: ${request.url}`);
        }
      }
      return traces;
    }, cardNumber);
  }

  /** A new patron signed in on an installed profile, once the worker has kept their account page. */
  async function signedInWithCopy(): Promise<{ card: string; context: BrowserContext; page: Page }> {
    const card = await patron();
    const { context, page } = await installedProfile();
    await signIn(page, card);
    await expect.poll(() => keptCopy(page)).toContain(card);
    return { card, context, page };
  }

  /** Offline, /account shows the offline page: nothing of this patron, no link to a kept page, nothing of theirs in CacheStorage. */
  async function noCopyOffline(context: BrowserContext, page: Page, card: string): Promise<void> {
    await context.setOffline(true);
    await page.goto(`${server.url}${ACCOUNT_PATH}`);
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await page.textContent('body')).not.toContain(card);
    expect(await page.isVisible('#offline-account-link')).toBe(false);
    expect(await cachedAccountTraces(page, card)).toEqual([]);
  }

  const hasTagCookie = async (context: BrowserContext) =>
    (await context.cookies()).some((cookie) => cookie.name === OFFLINE_COPY_TAG_COOKIE);

  const bannerShown = (page: Page) => page.isVisible('#offline-banner');
  const mainButtons = (page: Page) => page.$$eval('main button', (buttons) => buttons.map((b) => (b as HTMLButtonElement).disabled));

  it('is installable: the manifest reads right, and the worker activates and controls the page after a reload', async () => {
    // Chromium never offers to install from an incognito profile, which is what a new browser context is: this test has a profile on disk.
    const profile = mkdtempSync(path.join(tmpdir(), 'pwa-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: PHONE,
      locale: 'ja-JP',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest', {})) as { errors: unknown[]; data: string };
    expect(manifest.errors).toEqual([]);
    expect(JSON.parse(manifest.data)).toMatchObject({
      name: 'みなと市立図書館',
      short_name: '図書館',
      start_url: '/account',
      display: 'standalone',
    });
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }, 60_000);

  it('offline: the kept account page with its time and disabled buttons; elsewhere the offline page links to it; online: the live page', async () => {
    const { card, context, page } = await signedInWithCopy();
    expect(await bannerShown(page)).toBe(false);

    await context.setOffline(true);
    await page.reload();
    expect(await bannerShown(page)).toBe(true);
    expect(await page.textContent('#offline-banner')).toContain(`${PAGE_TIME} 時点の情報です（オフライン）`);
    expect(await page.textContent('main')).toContain(card);
    const buttons = await mainButtons(page);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every(Boolean)).toBe(true);
    expect(await page.isEnabled('form[action="/logout"] button')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${server.url}/search?q=本`);
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#offline-account-link a');
    await page.waitForURL(`${server.url}${ACCOUNT_PATH}`);
    expect(await bannerShown(page)).toBe(true);

    await context.setOffline(false);
    await page.reload();
    expect(await bannerShown(page)).toBe(false);
    expect((await mainButtons(page)).some(Boolean)).toBe(false);
    await context.close();
  }, 60_000);

  it('slow network: when /account takes longer than the timeout, the kept copy is shown', async () => {
    const { context, page } = await signedInWithCopy();
    accountDelayMs = 8_000;
    try {
      const started = Date.now();
      await page.reload();
      const waited = Date.now() - started;
      expect(await bannerShown(page)).toBe(true);
      expect(await page.textContent('#offline-banner')).toContain(`${PAGE_TIME} 時点の情報です（オフライン）`);
      expect(waited).toBeGreaterThanOrEqual(2_900);
      expect(waited).toBeLessThan(6_000);
    } finally {
      accountDelayMs = 0;
    }
    await context.close();
  }, 60_000);

  it('logout leaves nothing of the account in CacheStorage', async () => {
    const { card, context, page } = await signedInWithCopy();
    await page.click('form[action="/logout"] button');
    await page.waitForURL('**/login?done=loggedOut');
    expect(await cachedAccountTraces(page, card)).toEqual([]);
    await context.setOffline(true);
    await page.goto(`${server.url}${ACCOUNT_PATH}`);
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await page.isVisible('#offline-account-link')).toBe(false);
    await context.close();
  }, 60_000);

  it('the card on the phone: once shown it opens offline with its barcode, large and axe-clean; logout purges it', async () => {
    const { card, context, page } = await signedInWithCopy();
    await page.goto(`${server.url}${CARD_PATH}`);
    await expect
      .poll(() => page.evaluate(async (cacheName) => (await caches.match('/account/card', { cacheName }))?.text() ?? null, ACCOUNT_CACHE))
      .toContain(card);
    await context.setOffline(true);
    await page.reload();
    expect(await bannerShown(page)).toBe(true);
    expect(await page.textContent('.card-figures')).toContain(card);
    const barcode = await page.locator('.card-barcode svg').boundingBox();
    // As wide as the phone's screen allows, less the page's margins.
    expect(barcode!.width).toBeGreaterThan(300);
    expect(await axeViolations(page)).toEqual([]);

    await context.setOffline(false);
    await page.click('form[action="/logout"] button');
    await page.waitForURL('**/login?done=loggedOut');
    expect(await cachedAccountTraces(page, card)).toEqual([]);
    await context.setOffline(true);
    await page.goto(`${server.url}${CARD_PATH}`);
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await page.textContent('body')).not.toContain(card);
    await context.close();
  }, 60_000);

  it('another patron signing in on the same profile never sees the first one’s page, offline or online', async () => {
    const first = await patron();
    const second = await patron();
    const { context, page } = await installedProfile();
    await signIn(page, first);
    await expect.poll(() => keptCopy(page)).toContain(first);
    // The first patron walks away without logging out; their session ends (the cookie goes, as at a timeout).
    await context.clearCookies();
    await signIn(page, second, { next: '/' });
    expect(await cachedAccountTraces(page, first)).toEqual([]);

    await context.setOffline(true);
    await page.goto(`${server.url}${ACCOUNT_PATH}`);
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await page.textContent('body')).not.toContain(first);

    await context.setOffline(false);
    await page.goto(`${server.url}${ACCOUNT_PATH}`);
    expect(await page.textContent('main')).toContain(second);
    expect(await page.textContent('body')).not.toContain(first);
    await expect.poll(() => keptCopy(page)).toContain(second);
    await context.close();
  }, 60_000);

  it('a session that ended without a logout (its cookies cleared): its copy is not shown offline, nor linked from the offline page', async () => {
    const { card, context, page } = await signedInWithCopy();
    await context.clearCookies();
    await context.setOffline(true);
    await page.goto(`${server.url}/search?q=本`);
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await page.isVisible('#offline-account-link')).toBe(false);
    await noCopyOffline(context, page, card);
    await context.close();
  }, 60_000);

  it('a session that ended without a logout: on a slow network its copy is not shown, the live answer is', async () => {
    const { card, context, page } = await signedInWithCopy();
    await context.clearCookies();
    accountDelayMs = 5_000;
    try {
      await page.reload();
    } finally {
      accountDelayMs = 0;
    }
    expect(await bannerShown(page)).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.textContent('body')).not.toContain(card);
    expect(await keptCopy(page)).toBeNull();
    await context.close();
  }, 60_000);

  it('a session timed out on the server: the next page online deletes the tag, and the copy is not shown offline', async () => {
    const { card, context, page } = await signedInWithCopy();
    const start = ctx.clock.now();
    ctx.clock.advanceMinutes(ctx.config.rules.session.idleMinutes + 1);
    try {
      await page.goto(server.url);
    } finally {
      ctx.clock.set(start);
    }
    expect(await hasTagCookie(context)).toBe(false);
    await noCopyOffline(context, page, card);
    await context.close();
  }, 60_000);

  it('the copy is not shown past its session’s absolute limit, though the tag is still there', async () => {
    const { card, context, page } = await signedInWithCopy();
    // The session is two seconds from its absolute limit when the page is kept again.
    await ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(ctx.clock.now().getTime() + 2_000) })
      .where('patron_id', '=', (eb) => eb.selectFrom('patrons').select('patrons.id').where('card_number', '=', card))
      .execute();
    await page.reload();
    await page.waitForTimeout(3_000);
    expect(await hasTagCookie(context)).toBe(true);
    await noCopyOffline(context, page, card);
    await context.close();
  }, 60_000);

  it('「共用のパソコンで利用する」: the account page is never kept', async () => {
    const card = await patron();
    const { context, page } = await installedProfile();
    await signIn(page, card, { sharedDevice: true });
    expect(await page.textContent('main')).toContain(card);
    // The page came through the worker, which had every chance to keep it.
    await page.reload();
    expect(await keptCopy(page)).toBeNull();
    expect(await cachedAccountTraces(page, card)).toEqual([]);
    await context.setOffline(true);
    await page.reload();
    expect(await page.textContent('h1')).toBe('オフラインです');
    expect(await page.textContent('body')).not.toContain(card);
    await context.close();
  }, 60_000);
});
