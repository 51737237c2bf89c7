/**
 * What the server and the service worker agree on about the offline copy of
 * the account page: the cache it lives in, the headers that allow it and
 * name its session, the cookie naming the browser's session now, and the
 * elements the server renders hidden for the worker to reveal. The rewrites
 * and the owner check are plain functions so they are tested without a browser.
 */

/** The one cache holding a patron's pages; deleting it forgets the patron. */
export const ACCOUNT_CACHE = 'account-copy';
export const ACCOUNT_PATH = '/account';
/** The card on the phone, kept beside the account page under the same rules (SPEC §14). */
export const CARD_PATH = '/account/card';
/** The pages the worker keeps a copy of, each under its path. */
export const KEPT_PATHS: readonly string[] = [ACCOUNT_PATH, CARD_PATH];
export const OFFLINE_PATH = '/offline';

/**
 * Sent with the account page: `allow`, or `none` for a session on a shared
 * computer. The worker keeps a copy only when it reads `allow`, so a page
 * from any other source (an error, a proxy) is never kept.
 */
export const OFFLINE_COPY_HEADER = 'Offline-Copy';
export type OfflineCopyPolicy = 'allow' | 'none';

/**
 * The copy's owner: a tag derived from its session (never the session's
 * token), sent with the account page and kept with the copy. The same tag is
 * in a cookie scripts may read while that session lasts; the copy is shown
 * only while the cookie still holds it, so it goes with the session.
 */
export const OFFLINE_COPY_TAG_HEADER = 'Offline-Copy-Tag';
export const OFFLINE_COPY_TAG_COOKIE = 'offline_copy_tag';
/**
 * Seconds left of the session's absolute lifetime, sent with the account
 * page. Seconds rather than a time of day, so neither clock's error (the
 * server's, the phone's) stretches the copy's life.
 */
export const OFFLINE_COPY_MAX_AGE_HEADER = 'Offline-Copy-Max-Age';
/** Written by the worker on the copy it keeps: the end of its session by the device's clock (milliseconds since 1970). */
export const OFFLINE_COPY_EXPIRES_HEADER = 'Offline-Copy-Expires';

/** The account page's hidden banner: 「HH:MM 時点の情報です（オフライン）」 and why the buttons are off. */
export const OFFLINE_BANNER_ID = 'offline-banner';
/** The offline page's hidden link to the kept account page. */
export const OFFLINE_ACCOUNT_LINK_ID = 'offline-account-link';

/** The message the page posts to the worker at logout. */
export const PURGE_ACCOUNT_MESSAGE = 'purge-account';

/** When a copy kept at `keptAt` must go, from the account page's max-age; null when the page gave none it can read. */
export function offlineCopyExpiry(maxAge: string | null, keptAt: number): number | null {
  return maxAge !== null && /^\d+$/.test(maxAge) ? keptAt + Number(maxAge) * 1000 : null;
}

/**
 * Whether a kept copy may be shown: it names the session the browser is in
 * now (`currentTag`, null when there is none or the worker cannot tell) and
 * that session's absolute limit has not passed.
 */
export function offlineCopyBelongsHere(kept: Headers, currentTag: string | null, now: number): boolean {
  const tag = kept.get(OFFLINE_COPY_TAG_HEADER);
  const expires = Number(kept.get(OFFLINE_COPY_EXPIRES_HEADER) ?? Number.NaN);
  return currentTag !== null && tag === currentTag && now < expires;
}

/** Removes the `hidden` attribute the server put on the element with this id. */
function reveal(html: string, id: string): string {
  return html.replace(new RegExp(`(<[a-z]+ id="${id}"[^>]*?) hidden=""`), '$1');
}

/**
 * The kept account page as it is shown offline: the banner with the time
 * of the copy is revealed and every button of the page's content disabled
 * (they all need the server). The header's logout stays usable: it still
 * tells the worker to forget the copy.
 */
export function markOfflineCopy(html: string): string {
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  if (start < 0 || end < start) return html;
  const main = html.slice(start, end).replace(/<button\b(?![^>]*\sdisabled)/g, '<button disabled=""');
  return reveal(html.slice(0, start) + main + html.slice(end), OFFLINE_BANNER_ID);
}

/** The offline page with its link to the kept account page revealed. */
export function revealAccountLink(html: string): string {
  return reveal(html, OFFLINE_ACCOUNT_LINK_ID);
}
