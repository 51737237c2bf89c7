/** The page shell in a real browser: axe finds nothing, at phone and desktop sizes, in both locales. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations, DESKTOP, PHONE } from '../support/browser.ts';
import { browserSuite, screenshotDir } from '../support/browser-suite.ts';

describe('page shell in Chromium', () => {
  const suite = browserSuite();

  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    for (const locale of ['ja', 'en'] as const) {
      it(`home and 404 have no axe violations (${size}, ${locale})`, async () => {
        const context = await suite.browser.newContext({ viewport, locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (message) => {
          // The 404 page's own status is reported as a failed load; anything else is a fault.
          if (message.type() === 'error' && !page.url().endsWith('/no-such-page')) errors.push(message.text());
        });
        for (const [name, url] of [
          ['home', '/'],
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
});
