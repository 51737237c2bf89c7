/**
 * A phone patron's rough edges, in Chromium at 360 px (Issue 20): an empty
 * 取消 says so where the patron is; Back and reload after ⑦ and ⑧ show a
 * page; each search result is one tap target of at least 44 px.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEntries, parseCatalogFile } from '../../src/catalog/catalog.import.ts';
import { sessionCookieName } from '../../src/http/session.ts';
import { axeViolations, PHONE } from '../support/browser.ts';
import { browserSuite, screenshotDir } from '../support/browser-suite.ts';
import { TestClient } from '../support/client.ts';
import { addHold, addPatron } from '../support/fixtures.ts';
import { reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';

describe('phone UX in Chromium (360 px)', () => {
  const suite = browserSuite();

  /** A new patron with `holds` pending holds, signed in on a phone-sized page. */
  async function patronPage(holds: number) {
    const { ctx, server, browser } = suite;
    const patronId = await addPatron(ctx.db);
    for (let i = 0; i < holds; i++) {
      await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx, 'book', `長い予約一覧の本 ${i + 1}`) });
    }
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
    const name = sessionCookieName(ctx.config.secureCookies);
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
    await context.addCookies([{ name, value: client.cookie(name)!, url: server.url }]);
    return { page: await context.newPage(), close: () => context.close() };
  }

  it('says “nothing ticked” next to the buttons and moves the focus there (1)', async () => {
    const { page, close } = await patronPage(8);
    await page.goto(`${suite.server.url}/account`);
    await page.click('#holds button[hx-post="/account/holds/cancel"]');
    const error = page.locator('#holds .selection-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('予約を1件以上選んでください');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('selection-error'))).toBe(true);
    const box = (await error.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'phone-holds-nothing-ticked.png') });
    await close();
  });

  it('shows a page on Back and on reload after ⑦ and ⑧, and reserves once (3)', async () => {
    const { page, close } = await patronPage(0);
    const url = suite.server.url;
    const title = await reservableTitle(suite.ctx, 'book', '戻るボタンで確かめる本');
    await page.goto(`${url}/records/${title}`);
    await page.click('form[action="/cart"] button');
    await page.waitForSelector('form[action="/cart"] button', { state: 'detached' });
    await page.goto(`${url}/reserve`);
    await page.check('input[name="pickup"][value="main"]');
    await page.check('input[name="contact"][value="phone"]');
    await page.click('main form[action="/reserve/confirm"] button[type=submit]');
    await page.waitForURL(/\/reserve\/confirm\?/);
    await page.reload();
    expect(await page.textContent('h1')).toBe('予約内容の確認');
    await page.click('main form[action="/reserve"] button[type=submit]');
    await page.waitForURL(/\/reserve\/result\//);
    expect(await page.textContent('main')).toContain('予約しました（順位 1）');
    await page.reload();
    expect(await page.textContent('main')).toContain('予約しました（順位 1）');
    // Back: ⑦'s address again, whose cart is now empty, so the cart page; never an error page.
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/cart');
    expect(await page.textContent('h1')).toBe('予約カート');
    await page.goForward();
    expect(await page.textContent('main')).toContain('予約しました（順位 1）');
    const holds = await suite.ctx.db.selectFrom('holds').select('id').where('record_id', '=', title).execute();
    expect(holds).toHaveLength(1);
    await page.screenshot({ path: path.join(screenshotDir, 'phone-reserve-result-after-back.png'), fullPage: true });
    await close();
  });

  it('makes every search result one block at least 44 px high, a one-character title too (5)', async () => {
    const header = 'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes';
    const rows = [
      'gate,book,門,もん,夏目 漱石,なつめ そうせき,春陽堂,1911,,,,,,900001',
      'gates,book,門と橋の本,もんとはしのほん,,,,2001,,,,,,900002',
    ];
    await importEntries(suite.ctx.db, parseCatalogFile('gates.csv', Buffer.from([header, ...rows].join('\n'))), {
      libraryPlaces: ['main'],
      now: suite.ctx.clock.now(),
    });
    const context = await suite.browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/search?q=${encodeURIComponent('門')}`);
    const boxes = await page.$$eval('.results .result', (links) =>
      links.map((link) => {
        const box = link.getBoundingClientRect();
        return { width: box.width, height: box.height, text: link.textContent ?? '' };
      }),
    );
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThan(PHONE.width - 40);
      expect(box.text).toMatch(/在架|貸出中|貸出できません/);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'phone-search-results.png'), fullPage: true });
    await context.close();
  });
});
