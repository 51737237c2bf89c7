/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser),
 * and axe-core run inside the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core's WCAG 2.x A/AA rules on the page; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() runs outside the page's CSP, which (rightly) forbids inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Clicks and waits until the page, or htmx's swap, has settled. */
export async function clickAndSettle(page: Page, selector: string): Promise<void> {
  // Wait for the answer to this click (htmx's fetch or the form's navigation):
  // on a busy machine the network can look idle before htmx has sent it. Only
  // a page or an htmx request counts: a late script, icon or service-worker
  // fetch of the previous page once stood in for it, and the test read the
  // page before the swap.
  const answered = page.waitForResponse(
    (response) => {
      const request = response.request();
      return request.resourceType() === 'document' || request.headers()['hx-request'] === 'true';
    },
    { timeout: 20_000 },
  );
  await page.click(selector);
  const response = await answered;
  if (response.request().headers()['hx-request'] === 'true') {
    // The answer's headers are not its swap: htmx marks the element that sent the request
    // with htmx-request until it has swapped the answer in (or that element is swapped out),
    // and networkidle of a page already idle does not wait for either.
    await response.finished();
    await page.waitForFunction(() => document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling') === null, undefined, {
      timeout: 20_000,
    });
  }
  await page.waitForLoadState('networkidle');
}
