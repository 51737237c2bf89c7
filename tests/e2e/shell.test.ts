/** The page shell in a real browser: axe finds nothing, at phone and desktop sizes, in both locales; the phone menu keeps to one row. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations, DESKTOP, PHONE } from '../support/browser.ts';
import { browserSuite, screenshotDir } from '../support/browser-suite.ts';
import { reservableTitle } from '../support/reservations.ts';

describe('page shell in Chromium', () => {
  const suite = browserSuite();

  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    for (const locale of ['ja', 'en'] as const) {
      it(`home, guide and 404 have no axe violations (${size}, ${locale})`, async () => {
        const context = await suite.browser.newContext({ viewport, locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (message) => {
          // The 404 page's own status is reported as a failed load; anything else is a fault.
          if (message.type() === 'error' && !page.url().endsWith('/no-such-page')) errors.push(message.text());
        });
        for (const [name, url] of [
          ['home', '/'],
          ['guide', '/guide'],
          ['404', '/no-such-page'],
        ] as const) {
          await page.goto(suite.server.url + url);
          expect(await page.getAttribute('html', 'lang')).toBe(locale);
          expect(await axeViolations(page)).toEqual([]);
          // No horizontal scrolling at phone width.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
          await page.screenshot({ path: path.join(screenshotDir, `${name}-${size}-${locale}.png`), fullPage: true });
        }
        expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object');
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }

  for (const locale of ['ja', 'en'] as const) {
    it(`keeps the phone menu to one row at 360 px with titles in the cart (${locale})`, async () => {
      const records = [];
      for (let i = 0; i < 3; i++) records.push(await reservableTitle(suite.ctx, 'book', `一行メニューの本 ${locale} ${i}`));
      const context = await suite.browser.newContext({ viewport: PHONE, locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
      const page = await context.newPage();
      for (const id of records) {
        await page.goto(`${suite.server.url}/records/${id}`);
        await page.click('form[action="/cart"] button');
        await page.waitForSelector('form[action="/cart"] button', { state: 'detached' });
      }
      // Chromium puts a space before the hidden count: 「予約カート （3件）」.
      const cartName = locale === 'ja' ? /^予約カート\s?（3件）$/ : /^Cart \(3 items\)$/;
      expect(await page.getByRole('link', { name: cartName }).count()).toBe(1);
      const tops = await page.$$eval('.main-nav li', (items) => items.map((item) => Math.round(item.getBoundingClientRect().top)));
      expect(tops).toHaveLength(3);
      expect(new Set(tops).size).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: path.join(screenshotDir, `menu-phone-${locale}.png`) });
      await context.close();
    });
  }
});
