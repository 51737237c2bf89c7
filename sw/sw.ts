/**
 * The service worker, one Workbox strategy per purpose:
 * - the static files and the offline page: precached (their URLs or revisions carry content hashes);
 * - the account page and the card page: network first with a short timeout, else the kept copy
 *   marked as offline, if it belongs to the session the browser is in now;
 * - sign-in and sign-out: network only, and the kept copy is deleted when either succeeds;
 * - any other navigation: network only, else the offline page.
 * htmx requests (fetch, never navigations) and every POST pass by uncached.
 * Pushes from the library show a notification (push.ts).
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';
import {
  ACCOUNT_CACHE,
  ACCOUNT_PATH,
  KEPT_PATHS,
  markOfflineCopy,
  offlineCopyBelongsHere,
  offlineCopyExpiry,
  OFFLINE_COPY_EXPIRES_HEADER,
  OFFLINE_COPY_HEADER,
  OFFLINE_COPY_MAX_AGE_HEADER,
  OFFLINE_COPY_TAG_COOKIE,
  OFFLINE_PATH,
  type OfflineCopyPolicy,
  PURGE_ACCOUNT_MESSAGE,
  revealAccountLink,
} from './offline-copy.ts';
import { listenForPushes } from './push.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PrecacheEntry[] };

/** A weak connection gets this long before the kept copy is shown instead. */
const ACCOUNT_TIMEOUT_SECONDS = 3;

// A new version (new static file hashes) takes over at once, so no page waits on files the server no longer has.
void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
// The server writes the list in when it serves this file.
precacheAndRoute(self.__WB_MANIFEST);

function purgeAccountCopy(): Promise<boolean> {
  return caches.delete(ACCOUNT_CACHE);
}

/**
 * A worker reads cookies only through cookieStore (Chromium has it). Where
 * it is missing (older Safari, Firefox) the worker cannot tell whose session
 * the browser is in, so it neither keeps the account page nor shows a kept
 * one: privacy before the offline copy.
 */
const canTellSession = 'cookieStore' in self;

/** The tag of the session the browser is in now (the server keeps the cookie in step with it), or null. */
async function currentSessionTag(): Promise<string | null> {
  return canTellSession ? ((await self.cookieStore.get(OFFLINE_COPY_TAG_COOKIE))?.value ?? null) : null;
}

/**
 * The kept copy when it belongs to the session the browser is in now;
 * otherwise (that session ended or another began, or its absolute limit
 * passed) it is deleted, so nobody is shown another's page.
 */
async function copyOfThisSession(kept: Response | undefined): Promise<Response | undefined> {
  if (!kept) return undefined;
  if (offlineCopyBelongsHere(kept.headers, await currentSessionTag(), Date.now())) return kept;
  await purgeAccountCopy();
  return undefined;
}

/** The response's headers for its body as the worker reads it: already decoded, so its encoding and length go. */
function decodedHeaders(response: Response): Headers {
  const headers = new Headers(response.headers);
  headers.delete('Content-Encoding');
  headers.delete('Content-Length');
  return headers;
}

/** The same response with its HTML changed. */
async function rewrite(response: Response, change: (html: string) => string): Promise<Response> {
  const init = { status: response.status, statusText: response.statusText, headers: decodedHeaders(response) };
  return new Response(change(await response.text()), init);
}

/** The account page as kept: stamped with its session's end by this device's clock, counted from now. */
function keptUntilSessionEnds(response: Response): Response | null {
  const expires = offlineCopyExpiry(response.headers.get(OFFLINE_COPY_MAX_AGE_HEADER), Date.now());
  if (expires === null) return null;
  const headers = decodedHeaders(response);
  headers.set(OFFLINE_COPY_EXPIRES_HEADER, String(expires));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const accountCopy: WorkboxPlugin = {
  // /account?done=… is the same page: one copy per page, under its path.
  cacheKeyWillBeUsed: ({ request }) => Promise.resolve(new URL(request.url).pathname),
  cacheWillUpdate: async ({ response }) => {
    const policy = response.headers.get(OFFLINE_COPY_HEADER) as OfflineCopyPolicy | null;
    const kept = response.status === 200 && policy === 'allow' && canTellSession ? keptUntilSessionEnds(response) : null;
    if (kept) return kept;
    // A shared-computer session, or nobody signed in (a redirect to sign in): no copy may outlive that.
    if (policy === 'none' || response.type === 'opaqueredirect') await purgeAccountCopy();
    return null;
  },
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    const copy = await copyOfThisSession(cachedResponse);
    return copy ? rewrite(copy, markOfflineCopy) : null;
  },
};

/** A sign-in answers with a redirect only when it succeeded: the previous patron's copy goes before the next page loads. */
const afterSignIn: WorkboxPlugin = {
  fetchDidSucceed: async ({ response }) => {
    if (response.type === 'opaqueredirect') await purgeAccountCopy();
    return response;
  },
};

/** The copy goes before the sign-out is even sent: offline, the request fails but the copy is gone. */
const beforeSignOut: WorkboxPlugin = {
  requestWillFetch: async ({ request }) => {
    await purgeAccountCopy();
    return request;
  },
};

const isNavigation =
  (...paths: readonly string[]) =>
  ({ request, url }: { request: Request; url: URL }) =>
    request.mode === 'navigate' && (paths.length === 0 || paths.includes(url.pathname));

registerRoute(
  isNavigation(...KEPT_PATHS),
  new NetworkFirst({ cacheName: ACCOUNT_CACHE, networkTimeoutSeconds: ACCOUNT_TIMEOUT_SECONDS, plugins: [accountCopy] }),
);
registerRoute(isNavigation('/login'), new NetworkOnly({ plugins: [afterSignIn] }), 'POST');
registerRoute(isNavigation('/logout'), new NetworkOnly({ plugins: [beforeSignOut] }), 'POST');
const networkOnly = new NetworkOnly();
registerRoute(isNavigation(), networkOnly, 'GET');
registerRoute(isNavigation(), networkOnly, 'POST');

/** Offline, a navigation gets the offline page, with a link to the kept account page when it would be shown. */
setCatchHandler(async ({ request }) => {
  const page = request.mode === 'navigate' ? await matchPrecache(OFFLINE_PATH) : undefined;
  if (!page) return Response.error();
  const kept = await copyOfThisSession(await caches.match(ACCOUNT_PATH, { cacheName: ACCOUNT_CACHE }));
  return kept ? rewrite(page, revealAccountLink) : page;
});

// The page says so at logout too, since browsers differ in what Clear-Site-Data clears.
self.addEventListener('message', (event) => {
  if (event.data === PURGE_ACCOUNT_MESSAGE) event.waitUntil(purgeAccountCopy());
});

listenForPushes(self);
