/**
 * The reservation flow ①–⑧ in Chromium at a phone's size, signing in with
 * the real login form: once with the mouse, once with the keyboard alone.
 * axe-core checks the cart, ⑤, ⑦ and ⑧; screenshots of each are kept
 * (outside git) to look at; each walk's duration is printed.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import type { Material } from '../../src/db/schema.ts';
import { axeViolations, PHONE } from '../support/browser.ts';
import { browserSuite, screenshotDir } from '../support/browser-suite.ts';
import { addPatron, titleSearchText } from '../support/fixtures.ts';
import { reservableTitle } from '../support/reservations.ts';

const PASSWORD = 'walk2026';

describe('reservation flow in Chromium (phone)', () => {
  const suite = browserSuite();

  async function patronWithPassword(cardNumber: string): Promise<void> {
    await addPatron(suite.ctx.db, {
      card_number: cardNumber,
      password_hash: await hashPassword(PASSWORD),
      email: 'walker@example.jp',
      email_confirmed_at: suite.ctx.clock.now(),
    });
  }

  /** A reservable title the search box finds (fixtures leave the search text empty). */
  async function findableTitle(material: Material, title: string): Promise<void> {
    const id = await reservableTitle(suite.ctx, material, title);
    const searchText = titleSearchText(title);
    await suite.ctx.db.updateTable('records').set({ search_text: searchText }).where('id', '=', id).execute();
  }

  /** axe finds nothing, nothing scrolls sideways, and the screenshot is kept. */
  async function check(page: Page, name: string): Promise<void> {
    expect(await axeViolations(page), name).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, `reserve-${name}.png`), fullPage: true });
  }

  async function newPage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await suite.browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors, close: () => context.close() };
  }

  it('walks ①–⑧ with the mouse', async () => {
    await patronWithPassword('07000001');
    await findableTitle('book', '海辺のマウス物語');
    await findableTitle('av', 'マウスの音楽会');
    const { page, errors, close } = await newPage();
    const started = Date.now();
    // ① search from the home page.
    await page.goto(suite.server.url);
    await page.fill('#q', 'マウス');
    await page.click('button[type=submit]:has-text("検索")');
    // ② each title's page, 「カートに入れる」: htmx swaps the form and the header count in place.
    for (const [title, count] of [
      ['海辺のマウス物語', 1],
      ['マウスの音楽会', 2],
    ] as const) {
      await page.click(`a:has-text("${title}")`);
      await page.click('button:has-text("カートに入れる")');
      await expect.poll(() => page.getByRole('link', { name: new RegExp(`^予約カート\\s?（${count}件）$`) }).count()).toBe(1);
      expect(await page.textContent('#announcer')).toContain(`「${title}」を予約カートに入れました`);
      await page.goBack();
    }
    // ③ the cart, 「予約する」.
    await page.click('#cart-count');
    await page.waitForURL('**/cart');
    expect(await page.textContent('.meter')).toBe('図書 1/10・視聴覚 1/1・合計 2/11');
    await check(page, 'cart-mouse');
    await page.click('a:has-text("予約する")');
    // ④ sign in, and back into the flow.
    await page.waitForURL('**/login?next=%2Freserve');
    await page.fill('#card_number', '07000001');
    await page.fill('#password', PASSWORD);
    await page.click('main button[type=submit]');
    // ⑤ pickup place and contact method, 「次に進む」.
    await page.waitForURL('**/reserve');
    expect(await page.textContent('main')).toContain('07000001');
    await check(page, 'step5-mouse');
    await page.click('label:has-text("BM 北公民館前")');
    await page.click('label:has-text("メール")');
    await page.click('button:has-text("次に進む")');
    // ⑦ confirm.
    await page.waitForSelector('h1:has-text("予約内容の確認")');
    await check(page, 'step7-mouse');
    await page.click('button:has-text("予約を確定する")');
    // ⑧ the result, 「予約完了」.
    await page.waitForSelector('h1:has-text("予約の結果")');
    expect(await page.textContent('main')).toContain('2件を予約しました。');
    expect(await page.textContent('main')).not.toContain('0件は予約できませんでした');
    await check(page, 'step8-mouse');
    await page.click('a:has-text("予約完了")');
    await page.waitForURL('**/account');
    const elapsed = Date.now() - started;
    expect(await page.textContent('#holds')).toContain('海辺のマウス物語');
    expect(await page.textContent('#cart-count')).toBe('予約カート');
    console.log(`reservation flow ①–⑧ with the mouse: ${elapsed} ms`);

    // Cancel from the list with htmx: the confirmation and the list swap in place, the result is announced.
    await page.click('label:has-text("海辺のマウス物語")');
    await page.click('#holds button:has-text("取消")');
    await page.waitForSelector('#holds h2:has-text("予約の取消")');
    await page.click('#holds button:has-text("取り消す")');
    await expect.poll(() => page.textContent('#announcer')).toBe('1件の予約を取り消しました。');
    expect(await page.textContent('#holds')).not.toContain('海辺のマウス物語');
    await check(page, 'account-after-cancel');
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  it('walks ①–⑧ with the keyboard alone', async () => {
    await patronWithPassword('07000002');
    await findableTitle('book', '鍵盤だけの旅');
    const { page, errors, close } = await newPage();
    /** Presses Tab until the focused element matches, as a keyboard user would. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    const started = Date.now();
    await page.goto(suite.server.url);
    await tabTo('#q');
    await page.keyboard.type('鍵盤');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?**');
    await tabTo('a.result');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/records/**');
    await tabTo('form[action="/cart"] button');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('link', { name: /^予約カート\s?（1件）$/ }).count()).toBe(1);
    await tabTo('a[href="/cart"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/cart');
    await check(page, 'cart-keyboard');
    await tabTo('a[href="/reserve"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/login?next=%2Freserve');
    await tabTo('#card_number');
    await page.keyboard.type('07000002');
    await tabTo('#password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/reserve');
    // A radio group is one Tab stop; the arrow keys choose within it.
    await tabTo('input[name=pickup]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await tabTo('input[name=contact]');
    await page.keyboard.press('Space');
    await check(page, 'step5-keyboard');
    await tabTo('main form button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("予約内容の確認")');
    expect(await page.textContent('main')).toContain('南分館');
    expect(await page.textContent('main')).toContain('電話');
    await check(page, 'step7-keyboard');
    await tabTo('form[action="/reserve"] button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("予約の結果")');
    expect(await page.textContent('main')).toContain('予約しました（順位 1）');
    await check(page, 'step8-keyboard');
    await tabTo('main a.button[href="/account"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/account');
    const elapsed = Date.now() - started;
    expect(await page.textContent('#holds')).toContain('鍵盤だけの旅');
    console.log(`reservation flow ①–⑧ with the keyboard: ${elapsed} ms`);
    expect(errors).toEqual([]);
    await close();
  }, 90_000);
});
