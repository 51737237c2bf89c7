/** The page shell in a real browser: axe finds nothing, at phone and desktop sizes, in both locales. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { axeViolations, DESKTOP, launchChromium, PHONE } from '../support/browser.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';
import { repoRoot } from '../support/process.ts';

const screenshots = path.join(repoRoot, 'tests/e2e/screenshots');

describe('page shell in Chromium', () => {
  let ctx: TestContext;
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    server = await startLiveServer(ctx);
    browser = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    for (const locale of ['ja', 'en'] as const) {
      it(`home and 404 have no axe violations (${size}, ${locale})`, async () => {
        const context = await browser.newContext({ viewport, locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (message) => {
          // The 404 page's own status is reported as a failed load; anything else is a fault.
          if (message.type() === 'error' && !page.url().endsWith('/no-such-page')) errors.push(message.text());
        });
        for (const [name, url] of [['home', '/'], ['404', '/no-such-page']] as const) {
          await page.goto(server.url + url);
          expect(await page.getAttribute('html', 'lang')).toBe(locale);
          expect(await axeViolations(page)).toEqual([]);
          // No horizontal scrolling at phone width.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
          await page.screenshot({ path: path.join(screenshots, `${name}-${size}-${locale}.png`), fullPage: true });
        }
        expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object');
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }
});
