/** The offline page the service worker shows, and the account page's banner for its kept copy. */
import { OFFLINE_ACCOUNT_LINK_ID, OFFLINE_BANNER_ID } from '../sw/offline-copy.ts';
import type { PageContext } from './page-context.ts';

/** Offline in place of any page; the link shows only when the service worker kept an account page. */
export function OfflinePage({ pageContext }: { pageContext: PageContext }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('offline.title')}</h1>
      <p>{t('offline.body')}</p>
      <p id={OFFLINE_ACCOUNT_LINK_ID} hidden>
        <a href="/account">{t('offline.account')}</a>
      </p>
    </>
  );
}

/**
 * Hidden on the live page; the service worker reveals it on the copy it
 * shows offline, where `asOf` (when the server made the page) is the age
 * of what the patron reads.
 */
export function OfflineBanner({ pageContext, asOf }: { pageContext: PageContext; asOf: string }) {
  const { t } = pageContext;
  return (
    <div id={OFFLINE_BANNER_ID} class="notice warning" hidden>
      <p>
        <strong>{t('pwa.offlineAsOf', { time: asOf })}</strong>
      </p>
      <p>{t('pwa.needsConnection')}</p>
    </div>
  );
}
