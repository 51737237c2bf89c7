/**
 * The installable app: the web app manifest, the service worker and the
 * offline page it precaches. Mounted before the session middleware: none of
 * these may carry a session's state (the offline page is kept for weeks).
 */
import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { Layout } from '../../templates/layout.tsx';
import { OfflinePage } from '../../templates/offline.tsx';
import { OFFLINE_PATH } from '../../sw/offline-copy.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContextWithoutReads } from '../http/render.tsx';
import { webAppManifest } from './manifest.ts';
import { PAGE_ASSETS, type PrecacheEntry, serviceWorkerSource } from './service-worker.ts';

/** The offline page in the visitor's language, as /offline serves it and the worker keeps it. */
async function offlineHtml(c: Context<AppEnv>): Promise<string> {
  const pageContext = pageContextWithoutReads(c);
  const page: JSX.Element = (
    <Layout pageContext={pageContext} title={c.var.t('offline.title')}>
      <OfflinePage pageContext={pageContext} />
    </Layout>
  );
  return (await page).toString();
}

export const pwaRoutes = new Hono<AppEnv>()
  .get('/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json');
    c.header('Cache-Control', 'no-cache');
    return c.body(JSON.stringify(webAppManifest(c.var.deps)));
  })
  .get(OFFLINE_PATH, async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(await offlineHtml(c));
  })
  .get('/sw.js', async (c) => {
    const { assets } = c.var.deps;
    // The page's revision is its content: a new text or another language makes a new worker, which fetches it again.
    const offlineRevision = createHash('sha256')
      .update(await offlineHtml(c))
      .digest('hex')
      .slice(0, 16);
    const precache: PrecacheEntry[] = [
      ...PAGE_ASSETS.map((name) => ({ url: assets.url(name), revision: null })),
      { url: OFFLINE_PATH, revision: offlineRevision },
    ];
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // Browsers look for a new worker on every navigation; the server's copy must always be the one they get.
    c.header('Cache-Control', 'no-cache');
    c.header('Service-Worker-Allowed', '/');
    return c.body(await serviceWorkerSource(precache));
  });
