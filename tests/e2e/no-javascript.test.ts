/**
 * With JavaScript off, Chromium at a phone's size: everything a patron does
 * is a plain form or link, so htmx and the service worker only enhance:
 * search, the cart, the reservation flow ①–⑧ with the real sign-in, a
 * change and a cancellation from 予約中一覧, a renewal and a setting.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { PHONE } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { addPatron, titleSearchText } from '../support/fixtures.ts';
import { lendTo } from '../support/loans.ts';
import { reservableTitle } from '../support/reservations.ts';

const CARD = '07200001';
const PASSWORD = 'nojs2026';
const TITLE = '紙とえんぴつの旅';

describe('every action without JavaScript (phone)', () => {
  const suite = browserSuite();

  /** Clicks and waits for the page the form or link leads to: without JavaScript every action is a navigation. */
  async function follow(page: Page, selector: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  it('searches, fills the cart, reserves through ①–⑧, changes and cancels the hold, renews a loan and saves an e-mail address', async () => {
    const { ctx, server, browser } = suite;
    const patronId = await addPatron(ctx.db, { card_number: CARD, password_hash: await hashPassword(PASSWORD) });
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08', title: '歩いて読む本' });
    const recordId = await reservableTitle(ctx, 'book', TITLE);
    const searchText = titleSearchText(TITLE);
    await ctx.db.updateTable('records').set({ search_text: searchText }).where('id', '=', recordId).execute();
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', javaScriptEnabled: false });
    const page = await context.newPage();

    // ① search, ② 「カートに入れる」 on the title's page.
    await page.goto(server.url);
    await page.fill('#q', 'えんぴつ');
    await follow(page, 'main button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/search');
    await follow(page, `a:has-text("${TITLE}")`);
    await follow(page, 'form[action="/cart"] button');
    // The badge is hidden from screen readers, which hear 「予約カート（1件）」 instead.
    expect(await page.getByRole('link', { name: /^予約カート\s?（1件）$/ }).count()).toBe(1);
    // ③ the cart, 「予約する」; ④ sign in and back into the flow.
    await follow(page, 'a[href="/cart"]');
    await follow(page, 'a[href="/reserve"]');
    expect(page.url()).toBe(`${server.url}/login?next=%2Freserve`);
    await page.fill('#card_number', CARD);
    await page.fill('#password', PASSWORD);
    await follow(page, 'main button[type=submit]');
    // ⑤ pickup place and contact method, ⑦ confirmation, ⑧ the result.
    expect(new URL(page.url()).pathname).toBe('/reserve');
    await page.check('label:has-text("BM 北公民館前")');
    await page.check('label:has-text("連絡不要")');
    await follow(page, 'button:has-text("次に進む")');
    expect(await page.textContent('h1')).toBe('予約内容の確認');
    await follow(page, 'button:has-text("予約を確定する")');
    expect(await page.textContent('h1')).toBe('予約の結果');
    expect(await page.textContent('main')).toContain('予約しました（順位 1）');
    await follow(page, 'a:has-text("予約完了")');
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.textContent('#holds')).toContain(TITLE);
    expect(await page.textContent('#holds')).toContain('BM 北公民館前');

    // 「変更」: the pickup place moves to the library's counter.
    await page.check(`#holds label:has-text("${TITLE}")`);
    await follow(page, '#holds button:has-text("変更")');
    await page.check('label:has-text("中央図書館")');
    await follow(page, 'button:has-text("変更する")');
    expect(await page.textContent('#holds')).toContain('中央図書館');
    expect(await page.textContent('#holds')).not.toContain('BM 北公民館前');

    // 「取消」, confirmed.
    await page.check(`#holds label:has-text("${TITLE}")`);
    await follow(page, '#holds button:has-text("取消")');
    await follow(page, 'button:has-text("取り消す")');
    expect(await page.textContent('#holds')).not.toContain(TITLE);

    expect(await page.textContent('main')).toContain('1件の予約を取り消しました。');

    // Back to the account page, and a renewal.
    await follow(page, 'main a[href="/account"]');
    await follow(page, `#loan-${loan.loanId} button`);
    expect(await page.textContent('#loans .notice')).toContain('「歩いて読む本」の貸出を延長しました。');
    const { due_date } = await ctx.db.selectFrom('loans').select('due_date').where('id', '=', loan.loanId).executeTakeFirstOrThrow();
    expect(due_date).toBe('2026-12-15');

    // A setting: the e-mail address.
    await follow(page, '#settings a[href="/account/email"]');
    await page.fill('#email', 'nojs@example.jp');
    await follow(page, 'main form[action="/account/email"] button');
    expect(await page.textContent('main')).toContain('nojs@example.jp');
    await context.close();
  }, 90_000);
});
