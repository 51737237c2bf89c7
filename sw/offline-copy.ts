/**
 * What the server and the service worker agree on about the offline copy of
 * the account page: the cache it lives in, the header that allows it, and
 * the elements the server renders hidden for the worker to reveal. The
 * rewrites are plain string functions so they are tested without a browser.
 */

/** The one cache holding a patron's page; deleting it forgets the patron. */
export const ACCOUNT_CACHE = 'account-copy';
export const ACCOUNT_PATH = '/account';
export const OFFLINE_PATH = '/offline';

/**
 * Sent with the account page: `allow`, or `none` for a session on a shared
 * computer. The worker keeps a copy only when it reads `allow`, so a page
 * from any other source (an error, a proxy) is never kept.
 */
export const OFFLINE_COPY_HEADER = 'Offline-Copy';
export type OfflineCopyPolicy = 'allow' | 'none';

/** The account page's hidden banner: 「HH:MM 時点の情報です（オフライン）」 and why the buttons are off. */
export const OFFLINE_BANNER_ID = 'offline-banner';
/** The offline page's hidden link to the kept account page. */
export const OFFLINE_ACCOUNT_LINK_ID = 'offline-account-link';

/** The message the page posts to the worker at logout. */
export const PURGE_ACCOUNT_MESSAGE = 'purge-account';

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
