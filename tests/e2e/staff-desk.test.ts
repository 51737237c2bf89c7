/**
 * The circulation desk in Chromium, as a barcode scanner uses it: staff sign
 * in with the real form, type a card number, then scan barcodes one after
 * another (type + Enter) without touching the mouse: the focus stays in the
 * barcode field after each htmx swap. axe-core checks checkout and checkin.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { axeViolations, DESKTOP } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';

describe('circulation desk in Chromium', () => {
  const suite = browserSuite();

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);

  it('checks out two copies by scanning, then checks one in to the hold shelf, keyboard only', async () => {
    await suite.ctx.db
      .insertInto('staff')
      .values({ username: 'counter', role: 'desk', password_hash: await hashPassword('desk-2026-pass') })
      .execute();
    const patron = await addPatron(suite.ctx.db, { card_number: '06000001', name: '読書 好子' });
    const first = await addRecord(suite.ctx.db, { title: '吾輩は猫である' });
    await addCopy(suite.ctx.db, first, { barcode: 'E0001' });
    await addCopy(suite.ctx.db, await addRecord(suite.ctx.db, { title: '草枕' }), { barcode: 'E0002' });
    await addHold(suite.ctx.db, {
      patron_id: await addPatron(suite.ctx.db),
      record_id: first,
      contact: 'none',
      placed_at: suite.ctx.clock.now(),
    });

    const context = await suite.browser.newContext({ viewport: DESKTOP, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${suite.server.url}/staff/checkout`);
    expect(page.url()).toContain('/staff/login');
    await page.fill('#username', 'counter');
    await page.fill('#password', 'desk-2026-pass');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff\/checkout$/);
    expect(await focusedId(page)).toBe('card_number');
    await page.keyboard.type('０６０００００１');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#barcode');
    expect(await focusedId(page)).toBe('barcode');
    expect(await axeViolations(page)).toEqual([]);
    for (const [barcode, title] of [
      ['E0001', '吾輩は猫である'],
      ['E0002', '草枕'],
    ] as const) {
      await page.keyboard.type(barcode);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.notice.success:has-text("${title}")`);
      expect(await focusedId(page)).toBe('barcode');
    }
    expect(await suite.ctx.db.selectFrom('loans').select('id').where('patron_id', '=', patron).execute()).toHaveLength(2);

    await page.goto(`${suite.server.url}/staff/checkin`);
    expect(await focusedId(page)).toBe('barcode');
    await page.keyboard.type('E0001');
    await page.keyboard.press('Enter');
    const destination = await page.waitForSelector('.destination-line');
    expect(await destination.textContent()).toMatch(/^取置棚へ（予約: カード番号末尾\d{4}・中央図書館）$/);
    expect(await focusedId(page)).toBe('barcode');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
