/**
 * `npm run bench:weight`: what a phone downloads, measured in Chromium as
 * CDP reports it (Network.loadingFinished encodedDataLength: headers and the
 * compressed body) on the demo library:
 * - the account page's first load in a new profile, with every asset;
 * - its repeat load (the service worker installed, the same profile);
 * - each main htmx fragment: search results, 「カートに入れる」, renewal, renew all,
 *   the cancel confirmation and the cancelled list.
 * Prints every figure and exits 1 when one is over its budget.
 */
import { get } from 'node:http';
import type { Page, Request } from 'playwright-core';
import { launchChromium, PHONE } from '../tests/support/browser.ts';
import { startDemoServer } from './demo-server.ts';

/** Bytes (1 KB = 1,000 bytes, the stricter reading). */
const BUDGET = { first: 40_000, repeat: 6_000, fragment: 3_000 };

interface Transfer {
  url: string;
  method: string;
  htmx: boolean;
  bytes: number;
  done?: boolean;
}

const server = await startDemoServer();
const browser = await launchChromium();
const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
await context.addCookies([{ ...(await server.signIn()), url: server.url }]);
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
const transfers = new Map<string, Transfer>();
cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
  transfers.set(requestId, {
    url: request.url.replace(server.url, ''),
    method: request.method,
    htmx: 'HX-Request' in request.headers,
    bytes: 0,
  });
});
cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
  const transfer = transfers.get(requestId);
  if (transfer) Object.assign(transfer, { bytes: encodedDataLength, done: true });
});
cdp.on('Network.loadingFailed', ({ requestId }) => {
  const transfer = transfers.get(requestId);
  if (transfer) transfer.done = true;
});

/** Until every request the page made has finished and none has started for a while (load states fire once per page, not per htmx swap). */
async function settled(): Promise<void> {
  let seen = -1;
  while (seen !== transfers.size || [...transfers.values()].some((t) => !t.done)) {
    seen = transfers.size;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// The worker's own fetches (a page it answers from the network, its precache) are not the page's: Playwright follows them on the
// worker's CDP session.
const workerRequests: Request[] = [];
context.on('request', (request) => {
  if (request.serviceWorker()) workerRequests.push(request);
});

/** What the page and the worker transferred while `action` ran and until the network went quiet. */
async function measure(action: (page: Page) => Promise<unknown>): Promise<Transfer[]> {
  transfers.clear();
  workerRequests.length = 0;
  await action(page);
  await page.waitForLoadState('networkidle');
  await settled();
  const fromWorker = await Promise.all(
    workerRequests.map(async (request) => {
      const sizes = await request.sizes();
      const path = request.url().replace(server.url, '');
      // CDP reports the worker script's headers but not its body: the body is counted as the server sends it.
      const body = path === '/sw.js' ? await compressedSize(path) : sizes.responseBodySize;
      return { url: `${path} (by the worker)`, method: request.method(), htmx: false, bytes: sizes.responseHeadersSize + body };
    }),
  );
  return [...transfers.values(), ...fromWorker];
}

/** The body's bytes as the server sends them to a browser (fetch() would decode them). */
function compressedSize(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
}

const sum = (list: Transfer[]) => list.reduce((total, t) => total + t.bytes, 0);
const failures: string[] = [];
function report(label: string, list: Transfer[], budget: number): void {
  const total = sum(list);
  const verdict = total <= budget ? 'ok' : 'OVER';
  console.log(`${label}: ${total.toLocaleString('en')} bytes (budget ${budget.toLocaleString('en')}) ${verdict}`);
  for (const t of list) console.log(`    ${String(t.bytes).padStart(7)}  ${t.method} ${t.url}`);
  if (total > budget) failures.push(label);
}

try {
  report(
    'first load of /account',
    await measure(async (p) => {
      await p.goto(`${server.url}/account`);
      // The worker installs after the load event; its own downloads are the worker's, not the page's.
      await p.evaluate(() => navigator.serviceWorker.ready);
    }),
    BUDGET.first,
  );
  report('repeat load of /account', await measure((p) => p.goto(`${server.url}/account`)), BUDGET.repeat);

  const fragment = async (label: string, setup: (p: Page) => Promise<unknown>, action: (p: Page) => Promise<unknown>) => {
    await setup(page);
    const htmx = (await measure(action)).filter((t) => t.htmx);
    if (htmx.length === 0) throw new Error(`${label}: no htmx request was made`);
    report(`fragment: ${label}`, htmx, BUDGET.fragment);
  };
  await fragment(
    'search results',
    (p) => p.goto(`${server.url}/search?q=の`),
    async (p) => {
      await p.fill('#q', 'こころ');
      await p.press('#q', 'Enter');
    },
  );
  await fragment(
    'カートに入れる',
    (p) => p.goto(`${server.url}/records/${server.reservableRecordId}`),
    (p) => p.click('form[action="/cart"] button'),
  );
  await fragment(
    'renewal',
    (p) => p.goto(`${server.url}/account`),
    (p) => p.click('#loans .loan form[action$="/renew"] button'),
  );
  await fragment(
    'renew all',
    (p) => p.goto(`${server.url}/account`),
    (p) => p.click('form[action="/account/loans/renew"] button'),
  );
  await fragment(
    'cancel confirmation',
    (p) => p.check('#holds input[name=hold_id] >> nth=0'),
    (p) => p.click('#holds button[hx-post="/account/holds/cancel"]'),
  );
  await fragment(
    'holds after cancel',
    () => Promise.resolve(),
    (p) => p.click('#holds button[hx-post="/account/holds/cancel"]'),
  );
} finally {
  await browser.close();
  await server.close();
}
if (failures.length > 0) {
  console.error(`Over budget: ${failures.join(', ')}`);
  process.exit(1);
}
