/**
 * axe-core on every page and every state of it, in both locales, at the
 * narrowest phone (320 px), at desktop width, and at 200% zoom of that
 * desktop (640 CSS px at twice the pixel density): visitor pages, the
 * reservation flow's steps and errors, the account with empty and full
 * lists and its forms' error summaries, the offline banner as the worker
 * shows it, and every staff page with its results and errors. At each
 * state: no axe violation, no horizontal scrolling, the page's language
 * declared, every error summary link leading to a field. After htmx swaps
 * the focus goes to the outcome, which is announced. The states checked
 * are printed.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { sessionCookieName } from '../../src/http/session.ts';
import { axeViolations, clickAndSettle, DESKTOP } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { TestClient } from '../support/client.ts';
import { addCopy, addHold, addPatron, addRecord, titleSearchText } from '../support/fixtures.ts';
import { lendTo } from '../support/loans.ts';
import { reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { OFFLINE_BANNER_ID } from '../../sw/offline-copy.ts';

type Who = 'visitor' | 'patron' | 'newcomer' | 'staff';

/** Ids and barcodes one walk through the states uses; each walk gets its own, since some states change them. */
interface Fixture {
  patronId: number;
  newcomerId: number;
  staffId: number;
  cartRecord: number;
  shelfRecord: number;
  holdId: number;
  loanBarcode: string;
}

interface State {
  name: string;
  who: Who;
  /** Brings the page into the state. */
  reach: (page: Page, f: Fixture) => Promise<void>;
}

/** A viewport; a browser zoomed to 200% lays out half the CSS pixels at twice the density. */
interface Viewport {
  width: number;
  height: number;
  deviceScaleFactor?: number;
}

const WIDTHS = {
  phone320: { width: 320, height: 640 },
  desktop: DESKTOP,
  desktopZoom200: { width: DESKTOP.width / 2, height: DESKTOP.height / 2, deviceScaleFactor: 2 },
} satisfies Record<string, Viewport>;

describe('accessibility of every page and state in Chromium', () => {
  const suite = browserSuite();
  const checked = new Set<string>();

  async function open(page: Page, path: string): Promise<void> {
    await page.goto(suite.server.url + path);
  }

  /** The state of the page at `path` as it opens. */
  function visit(name: string, who: Who, path: string): State {
    return { name, who, reach: (p) => open(p, path) };
  }

  /** The state after opening `path`, filling fields (by id) and pressing `button`: an error summary, mostly. */
  function afterSubmit(
    name: string,
    who: Who,
    path: (f: Fixture) => string | Promise<string>,
    button: string,
    fields: (f: Fixture) => Record<string, string> = () => ({}),
  ): State {
    return {
      name,
      who,
      reach: async (p, f) => {
        await open(p, await path(f));
        for (const [id, value] of Object.entries(fields(f))) await p.fill(`#${id}`, value);
        await clickAndSettle(p, button);
      },
    };
  }

  const states: State[] = [
    visit('home', 'visitor', '/'),
    visit('search, no query', 'visitor', '/search'),
    visit('search results', 'visitor', '/search?q=%E3%81%B2%E3%81%8B%E3%82%8A'),
    visit('search, nothing found', 'visitor', '/search?q=zzzzqqqq'),
    visit('search, query too long', 'visitor', `/search?q=${'a'.repeat(300)}`),
    { name: 'record, reservable', who: 'visitor', reach: (p, f) => open(p, `/records/${f.cartRecord}`) },
    { name: 'record, on the shelf', who: 'visitor', reach: (p, f) => open(p, `/records/${f.shelfRecord}`) },
    visit('cart, empty', 'visitor', '/cart'),
    visit('login', 'visitor', '/login'),
    afterSubmit('login, error summary', 'visitor', () => '/login', 'main button[type=submit]'),
    visit('login, signed out notice', 'visitor', '/login?done=loggedOut'),
    visit('register', 'visitor', '/register'),
    afterSubmit(
      'register, error summary',
      'visitor',
      () => '/register',
      'main button[type=submit]',
      () => ({ card_number: '12' }),
    ),
    visit('e-mail confirmation, invalid link', 'visitor', '/account/email/confirm?token=x'),
    visit('not found', 'visitor', '/no-such-page'),
    visit('offline page', 'visitor', '/offline'),
    visit('account, empty lists', 'newcomer', '/account'),
    visit('account, loans and holds', 'patron', '/account'),
    visit('account, done notice', 'patron', '/account?done=password'),
    {
      name: 'account, offline banner',
      who: 'patron',
      reach: async (p) => {
        await open(p, '/account');
        // What the service worker does to the copy it shows offline.
        await p.evaluate((id) => document.getElementById(id)?.removeAttribute('hidden'), OFFLINE_BANNER_ID);
      },
    },
    afterSubmit('hold list, nothing ticked', 'patron', () => '/account', '#holds button[hx-post="/account/holds/cancel"]'),
    {
      name: 'hold cancel, confirmation',
      who: 'patron',
      reach: async (p, f) => {
        await open(p, '/account');
        await p.check(`#holds input[value="${f.holdId}"]`);
        await clickAndSettle(p, '#holds form[action="/account/holds/cancel"] button[hx-post="/account/holds/cancel"]');
      },
    },
    { name: 'hold change, form', who: 'patron', reach: (p, f) => open(p, `/account/holds/edit?hold_id=${f.holdId}`) },
    {
      name: 'hold change, error summary',
      who: 'patron',
      reach: async (p, f) => {
        await open(p, `/account/holds/edit?hold_id=${f.holdId}`);
        await p.evaluate(() => document.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((r) => (r.checked = false)));
        await clickAndSettle(p, 'main form[action="/account/holds/edit"] button[type=submit]');
      },
    },
    visit('password change', 'patron', '/account/password'),
    afterSubmit(
      'password change, error summary',
      'patron',
      () => '/account/password',
      'main form[action="/account/password"] button[type=submit]',
    ),
    visit('e-mail settings', 'patron', '/account/email'),
    visit('reading record and recent holds', 'patron', '/account/history'),
    afterSubmit(
      'e-mail settings, error summary',
      'patron',
      () => '/account/email',
      'main form[action="/account/email"] button[type=submit]',
      () => ({ email: 'not-an-address' }),
    ),
    visit('cart, with titles', 'patron', '/cart'),
    visit('reservation ⑤', 'patron', '/reserve'),
    afterSubmit('reservation ⑤, error summary', 'patron', () => '/reserve', 'main form[action="/reserve/confirm"] button[type=submit]'),
    {
      name: 'reservation ⑦ and ⑧',
      who: 'patron',
      reach: async (p) => {
        await open(p, '/reserve');
        await p.check('input[name=pickup] >> nth=0');
        await p.check('input[name=contact][value=none]');
        await clickAndSettle(p, 'main form[action="/reserve/confirm"] button[type=submit]');
        await checkState(p, 'reservation ⑦');
        await clickAndSettle(p, 'main form[action="/reserve"] button[type=submit]');
      },
    },
    visit('staff sign-in', 'visitor', '/staff/login'),
    afterSubmit('staff sign-in, error summary', 'visitor', () => '/staff/login', 'main button[type=submit]'),
    visit('staff home', 'staff', '/staff'),
    visit('checkout', 'staff', '/staff/checkout'),
    visit('checkout, unknown card', 'staff', '/staff/checkout?card=09999999'),
    {
      name: 'checkout, patron and refused scan',
      who: 'staff',
      reach: async (p, f) => {
        const card = await cardOf(f.patronId);
        await open(p, `/staff/checkout?card=${card}`);
        await checkState(p, 'checkout, patron shown');
        await p.fill('#barcode', 'NOSUCH99');
        await clickAndSettle(p, '#desk button[type=submit]');
      },
    },
    visit('checkin', 'staff', '/staff/checkin'),
    afterSubmit(
      'checkin, returned',
      'staff',
      () => '/staff/checkin',
      '#desk button[type=submit]',
      (f) => ({ barcode: f.loanBarcode }),
    ),
    visit('receive', 'staff', '/staff/checkin/receive'),
    visit('hold shelf', 'staff', '/staff/holds/shelf'),
    visit('phone calls', 'staff', '/staff/calls'),
    visit('patron lookup', 'staff', '/staff/patrons'),
    visit('patron lookup, error summary', 'staff', '/staff/patrons?card=abc'),
    { name: 'patron support', who: 'staff', reach: async (p, f) => open(p, `/staff/patrons/${await cardOf(f.patronId)}`) },
    {
      name: 'patron support, counter hold search',
      who: 'staff',
      reach: async (p, f) => open(p, `/staff/patrons/${await cardOf(f.patronId)}?q=${encodeURIComponent('ひかりの本')}`),
    },
    afterSubmit(
      'patron support, counter hold error summary',
      'staff',
      async (f) => `/staff/patrons/${await cardOf(f.patronId)}?q=${encodeURIComponent('ひかりの本')}`,
      'main form[action$="/holds"] button[type=submit]',
    ),
    visit('new patron', 'staff', '/staff/patrons/new'),
    afterSubmit(
      'new patron, error summary',
      'staff',
      () => '/staff/patrons/new',
      'main form[action="/staff/patrons/new"] button[type=submit]',
    ),
    { name: 'patron record', who: 'staff', reach: async (p, f) => open(p, `/staff/patrons/${await cardOf(f.patronId)}/edit`) },
    afterSubmit(
      'patron record, block error summary',
      'staff',
      async (f) => `/staff/patrons/${await cardOf(f.patronId)}/edit`,
      'main form[action$="/block"] button[type=submit]',
    ),
    visit('copy lookup', 'staff', '/staff/copies'),
    visit('copy lookup, error summary', 'staff', '/staff/copies?barcode=NOSUCH99'),
    { name: 'copy page', who: 'staff', reach: (p, f) => open(p, `/staff/copies/${f.loanBarcode}`) },
    visit('audit log', 'staff', '/staff/admin/audit'),
    visit('audit log, error summary', 'staff', '/staff/admin/audit?from=2026-02-30'),
    visit('catalog import', 'staff', '/staff/admin/import'),
    afterSubmit(
      'catalog import, error summary',
      'staff',
      () => '/staff/admin/import',
      'main form[action="/staff/admin/import"] button[type=submit]',
    ),
    visit('calendar', 'staff', '/staff/admin/calendar'),
    afterSubmit(
      'calendar, error summary',
      'staff',
      () => '/staff/admin/calendar',
      'main form[action="/staff/admin/calendar/closures"] button[type=submit]',
      () => ({ from: '2026-02-30' }),
    ),
    visit('staff accounts', 'staff', '/staff/admin/staff'),
    visit('statistics', 'staff', '/staff/admin/statistics'),
    afterSubmit(
      'statistics, error summary',
      'staff',
      () => '/staff/admin/statistics',
      'main form[action="/staff/admin/statistics"] button[type=submit]',
      () => ({ from: '2026-02-30' }),
    ),
    afterSubmit(
      'staff accounts, error summary',
      'staff',
      () => '/staff/admin/staff',
      'main form[action="/staff/admin/staff"] button[type=submit]',
    ),
    visit('development mailbox', 'staff', '/dev/mailbox'),
  ];

  async function cardOf(patronId: number): Promise<string> {
    return (await suite.ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow())
      .card_number;
  }

  /** Fresh data for one walk: a patron with loans, holds (one ready) and a cart title; one with nothing; a loan to check in. */
  async function fixture(walk: number): Promise<Fixture> {
    const { ctx } = suite;
    const patronId = await addPatron(ctx.db, { email: `walk${walk}@example.jp`, email_confirmed_at: ctx.clock.now() });
    const newcomerId = await addPatron(ctx.db);
    const staffId = (
      await ctx.db
        .insertInto('staff')
        .values({ username: `axe${walk}`, role: 'admin', password_hash: await hashPassword('axe-2026-pass') })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await lendTo(ctx, patronId, { dueDate: '2026-12-08', title: '銀河鉄道の夜' });
    await lendTo(ctx, patronId, { dueDate: '2026-11-20', title: '注文の多い料理店' });
    const holdId = await addHold(ctx.db, {
      patron_id: patronId,
      record_id: await reservableTitle(ctx, 'book', '風の又三郎'),
      placed_at: ctx.clock.now(),
    });
    const readyRecord = await addRecord(ctx.db, { title: 'よだかの星' });
    const readyCopy = await addCopy(ctx.db, readyRecord, { status: 'on_hold_shelf' });
    await addHold(ctx.db, {
      patron_id: patronId,
      record_id: readyRecord,
      status: 'ready',
      copy_id: readyCopy,
      ready_at: ctx.clock.now(),
      pickup_deadline: '2026-12-08',
      contact: 'phone',
      call_needed: true,
    });
    const cartRecord = await reservableTitle(ctx, 'book', `ひかりの本 ${walk}`);
    await ctx.db
      .updateTable('records')
      .set({
        search_text: titleSearchText('ひかりの本', 'ひかりのほん'),
      })
      .where('id', '=', cartRecord)
      .execute();
    const shelfRecord = await addRecord(ctx.db, { title: '書架の本' });
    await addCopy(ctx.db, shelfRecord);
    const other = await addPatron(ctx.db);
    const lent = await lendTo(ctx, other, { dueDate: '2026-12-10', title: '春と修羅' });
    return { patronId, newcomerId, staffId, cartRecord, shelfRecord, holdId, loanBarcode: lent.barcode };
  }

  /** A browser context signed in as `who` (by a session row), in the locale. */
  async function contextFor(who: Who, f: Fixture, locale: 'ja' | 'en', viewport: Viewport): Promise<BrowserContext> {
    const { ctx, server, browser } = suite;
    const { deviceScaleFactor = 1, ...size } = viewport;
    const context = await browser.newContext({ viewport: size, deviceScaleFactor, locale: locale === 'ja' ? 'ja-JP' : 'en-GB' });
    const cookies: { name: string; value: string; url: string }[] = [{ name: 'lang', value: locale, url: server.url }];
    if (who !== 'visitor') {
      const client = new TestClient(ctx.app);
      const owner = who === 'staff' ? { staffId: f.staffId } : { patronId: who === 'patron' ? f.patronId : f.newcomerId };
      await signInDirectly(ctx, client, owner);
      const name = sessionCookieName(ctx.config.secureCookies);
      cookies.push({ name, value: client.cookie(name)!, url: server.url });
      if (who === 'patron') {
        await client.page('/cart');
        await client.post('/cart', { record_id: String(f.cartRecord) });
      }
    }
    await context.addCookies(cookies);
    return context;
  }

  /** axe finds nothing, the page does not scroll sideways, and it says its language. */
  async function checkState(page: Page, name: string): Promise<void> {
    const zoom = await page.evaluate(() => window.devicePixelRatio);
    const label = `${name} (${page.viewportSize()?.width}px${zoom === 1 ? '' : ` at ${zoom * 100}%`}, ${await page.getAttribute('html', 'lang')})`;
    expect(await axeViolations(page), label).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${label}: scrolls sideways`).toBe(true);
    // GOV.UK's error summary: each message links to a field that is on the page.
    const brokenLinks = await page.$$eval('.error-summary a', (links) =>
      links.map((a) => a.getAttribute('href') ?? '').filter((href) => !document.getElementById(href.slice(1))),
    );
    expect(brokenLinks, `${label}: error summary links to nothing`).toEqual([]);
    checked.add(name);
  }

  let walk = 0;
  for (const locale of ['ja', 'en'] as const) {
    for (const [size, viewport] of Object.entries(WIDTHS)) {
      it(`has no axe violations on any page or state (${locale}, ${size})`, async () => {
        const f = await fixture(++walk);
        const contexts = new Map<Who, BrowserContext>();
        for (const state of states) {
          if (!contexts.has(state.who)) contexts.set(state.who, await contextFor(state.who, f, locale, viewport));
          const page = await contexts.get(state.who)!.newPage();
          await state.reach(page, f);
          expect(await page.getAttribute('html', 'lang'), state.name).toBe(locale);
          await checkState(page, state.name);
          await page.close();
        }
        for (const context of contexts.values()) await context.close();
      }, 300_000);
    }
  }

  it('moves the focus to the outcome of each htmx swap and announces it', async () => {
    const f = await fixture(++walk);
    const context = await contextFor('patron', f, 'ja', WIDTHS.phone320);
    const page = await context.newPage();
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.closest('[id], .notice')?.getAttribute('id') ?? document.activeElement?.className ?? null,
      );
    const record = await reservableTitle(suite.ctx, 'book', '焦点の行方');
    await open(page, `/records/${record}`);
    // htmx swaps after the click returns: wait for the outcome rather than for an idle network.
    const settled = { timeout: 15_000 };
    const announced = () => page.textContent('#announcer');
    await clickAndSettle(page, 'form[action="/cart"] button');
    await expect.poll(focused, settled).toBe('notice success');
    await expect.poll(announced, settled).toContain('焦点の行方');
    await open(page, '/cart');
    await clickAndSettle(page, `form[action="/cart/${record}/delete"] button`);
    await expect.poll(focused, settled).toBe('cart');
    await expect.poll(announced, settled).toContain('焦点の行方');
    await checkState(page, 'cart, after removing a title');
    await open(page, '/account');
    await page.check(`#holds input[value="${f.holdId}"]`);
    await clickAndSettle(page, '#holds button[hx-post="/account/holds/cancel"]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), settled).toBe('H2');
    await clickAndSettle(page, '#holds button[hx-post="/account/holds/cancel"]');
    await expect.poll(focused, settled).toBe('notice success');
    await expect.poll(announced, settled).toBe('1件の予約を取り消しました。');
    await checkState(page, 'account, after cancelling a hold');
    await context.close();
  }, 120_000);

  it('reports the states it checked', () => {
    console.log(
      `axe checked ${checked.size} states in ja and en at 320 px, ${DESKTOP.width} px and ${DESKTOP.width} px zoomed to 200%: ${[...checked].join('; ')}`,
    );
    expect(checked.size).toBeGreaterThanOrEqual(states.length);
  });
});
