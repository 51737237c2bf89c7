/**
 * `npm run bench:lighthouse`: Lighthouse 12.2.3 (pinned; 13 needs Node 22)
 * on the demo library's home, a search, a record page and the signed-in
 * account page, in Debian's Chromium with Lighthouse's default mobile
 * emulation and simulated slow 4G. Prints the performance, accessibility
 * and best-practices scores of each page.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/support/browser.ts';
import { startDemoServer } from './demo-server.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

/** The protocol's short reasons an audit lists (the back/forward cache's, for one), if any. */
function reasons(details: unknown): string {
  const items = (details as { items?: { protocolReason?: string }[] } | undefined)?.items ?? [];
  const found = items.map((item) => item.protocolReason).filter((reason) => reason !== undefined);
  return found.length > 0 ? `: ${found.join(', ')}` : '';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Playwright attached over the DevTools port once Chromium listens on it, for the cookies between runs. */
async function connectWhenReady(endpoint: string): Promise<Browser> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await chromium.connectOverCDP(endpoint);
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** One Lighthouse run; a busy machine sometimes spoils the trace (NO_NAVSTART, "run Lighthouse again"), so up to three. */
async function audit(url: string) {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (!result.lhr.runtimeError || attempt === 3) return result.lhr;
  }
}

const server = await startDemoServer();
const session = await server.signIn();
const port = await freePort();
const profile = mkdtempSync(path.join(tmpdir(), 'lighthouse-profile-'));
// Debian's Chromium (never a download), started here rather than by Playwright, whose switches turn off the back/forward cache
// Lighthouse audits.
const chrome = spawn(
  process.env.CHROME_PATH ?? '/usr/bin/chromium',
  [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'],
  { stdio: 'ignore' },
);
const browser = await connectWhenReady(`http://127.0.0.1:${port}`);
const cdp = await browser.newBrowserCDPSession();
const pages = [
  { label: 'home', path: '/' },
  { label: 'search', path: `/search?q=${encodeURIComponent('こころ')}` },
  { label: 'record', path: `/records/${server.reservableRecordId}` },
  { label: 'account', path: '/account', signedIn: true },
];
const rows: string[] = [];
let failed = false;
let version = '';
try {
  for (const page of pages) {
    // Only the account page is signed in; Lighthouse keeps the profile's cookies between runs (the record page makes an anonymous session).
    await cdp.send('Storage.clearCookies');
    if (page.signedIn) await cdp.send('Storage.setCookies', { cookies: [{ ...session, url: server.url }] });
    const lhr = await audit(`${server.url}${page.path}`);
    version = lhr.lighthouseVersion;
    if (lhr.runtimeError) {
      failed = true;
      rows.push(`${page.label.padEnd(8)} ${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      continue;
    }
    if (lhr.finalDisplayedUrl !== `${server.url}${page.path}`) throw new Error(`${page.path} ended at ${lhr.finalDisplayedUrl}`);
    const scores = CATEGORIES.map((category) => `${category} ${Math.round((lhr.categories[category]?.score ?? 0) * 100)}`);
    rows.push(`${page.label.padEnd(8)} ${scores.join('  ')}  (${page.path})`);
    const missed = Object.values(lhr.audits).filter(
      (audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode === 'binary',
    );
    for (const audit of missed) rows.push(`         not passed: ${audit.id} (${audit.title})${reasons(audit.details)}`);
  }
} finally {
  await browser.close();
  if (chrome.exitCode === null) {
    // The profile folder can go only once Chromium has stopped writing to it.
    const exited = new Promise((resolve) => chrome.once('exit', resolve));
    chrome.kill();
    await exited;
  }
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`Lighthouse ${version}, mobile emulation, simulated throttling: scores out of 100`);
for (const row of rows) console.log(row);
if (failed) process.exit(1);
