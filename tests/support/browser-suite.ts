/**
 * The set-up every browser suite needs, in one place: a test app on
 * PGlite served on a free port, Chromium, and the screenshots folder,
 * started before the suite's tests and stopped after them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createTestContext, type TestContext } from './app.ts';
import { launchChromium } from './browser.ts';
import { type LiveServer, startLiveServer } from './live-server.ts';
import { repoRoot } from './process.ts';

/** Where browser tests keep screenshots to look at (outside git). */
export const screenshotDir = path.join(repoRoot, 'tests/e2e/screenshots');

export interface BrowserSuite {
  ctx: TestContext;
  server: LiveServer;
  browser: Browser;
}

/** Registers the suite's beforeAll/afterAll; the fields are set once beforeAll has run. */
export function browserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.ctx = await createTestContext('pglite');
    suite.server = await startLiveServer(suite.ctx);
    suite.browser = await launchChromium();
    mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
    await suite.ctx?.close();
  });
  return suite;
}
