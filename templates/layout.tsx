import type { Child } from 'hono/jsx';
import { html, raw } from 'hono/html';
import type { PageContext } from './page-context.ts';
import { CsrfField } from './parts/csrf-field.tsx';

/**
 * The cart link's text with its count: a badge to the eye, 「（3件）」 to a
 * screen reader, so the phone menu keeps to one row at 360 px.
 */
export function CartCount({ pageContext, oob }: { pageContext: PageContext; oob?: boolean }) {
  const { t } = pageContext;
  return (
    <span id="cart-count" class="count" hx-swap-oob={oob ? 'true' : undefined}>
      {t('nav.cart')}
      {pageContext.cartCount > 0 && (
        <>
          <span class="badge" aria-hidden="true">
            {pageContext.cartCount}
          </span>
          <span class="visually-hidden">{t('nav.cartItems', { count: pageContext.cartCount })}</span>
        </>
      )}
    </span>
  );
}

/**
 * The patrons' header: the library's name with the guide and sign-in beside
 * it, then the three places a patron goes (search, cart, account) in one row.
 */
function PatronHeader({ pageContext }: { pageContext: PageContext }) {
  const { t } = pageContext;
  return (
    <header class="site-header">
      <a class="site-name" href="/">
        {pageContext.libraryName}
      </a>
      <ul class="header-tools">
        <li>
          <a href="/guide">{t('guide.link')}</a>
        </li>
        <li>
          {pageContext.signedIn ? (
            <form method="post" action="/logout" class="inline-form">
              <CsrfField token={pageContext.csrfToken} />
              <button type="submit" class="link-button">
                {t('nav.logout')}
              </button>
            </form>
          ) : (
            <a href="/login">{t('nav.login')}</a>
          )}
        </li>
      </ul>
      <nav aria-label={t('nav.main')} class="main-nav">
        <ul>
          <li>
            <a href="/search">{t('nav.search')}</a>
          </li>
          <li>
            <a href="/cart">
              <CartCount pageContext={pageContext} />
            </a>
          </li>
          <li>
            <a href="/account">{t('nav.account')}</a>
          </li>
        </ul>
      </nav>
    </header>
  );
}

/**
 * The desk's header: no patron links (a cart or 利用照会 on a counter
 * screen would only invite mistakes); the staff pages bring their own menu.
 */
function StaffHeader({ pageContext }: { pageContext: PageContext }) {
  return (
    <header class="site-header staff-header">
      <a class="site-name" href="/staff">
        {pageContext.t('nav.staffArea', { library: pageContext.libraryName })}
      </a>
    </header>
  );
}

/**
 * The document's head, written as HTML rather than JSX: a JSX <head> makes
 * hono/jsx look up an SVG/head namespace for every later element of the
 * page, and its <link> elements re-scan the finished page to hoist
 * themselves; together a fifth of the account page's rendering.
 */
function documentHead(pageContext: PageContext, title: string, head: PageHead) {
  return html`<head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${`${title} | ${pageContext.libraryName}`}</title>
    <meta name="theme-color" content="#1d4e89" />
    <link rel="stylesheet" href="${pageContext.asset('app.css')}" />
    <link rel="icon" href="${pageContext.asset('icons/icon.svg')}" type="image/svg+xml" />
    <link rel="manifest" href="/manifest.webmanifest" />
    <script src="${pageContext.asset('htmx.js')}" defer=""></script>
    <script src="${pageContext.asset('pwa.js')}" defer=""></script>
    <link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title="${pageContext.libraryName}" />
    ${head.canonical ? html`<link rel="canonical" href="${head.canonical}" />` : ''}
    ${
      head.jsonLd
        ? html`<script type="application/ld+json">
            ${raw(scriptSafeJson(head.jsonLd))}
          </script>`
        : ''
    }
  </head>`;
}

/** What a page adds to its head: its one URL for search engines, and its schema.org description. */
export interface PageHead {
  canonical?: string;
  jsonLd?: object;
}

/** JSON inside <script>: "<" escaped, so no value can close the element or open a comment. */
function scriptSafeJson(value: object): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page shell: skip link, header with the library's name and links, main, live region, footer. */
export function Layout({
  pageContext,
  title,
  head = {},
  children,
}: {
  pageContext: PageContext;
  title: string;
  head?: PageHead;
  children: Child;
}) {
  const { t } = pageContext;
  const otherLocale = pageContext.locale === 'ja' ? 'en' : 'ja';
  const bodyHeaders = pageContext.csrfToken ? { 'hx-headers:inherited': JSON.stringify({ 'X-CSRF-Token': pageContext.csrfToken }) } : {};
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={pageContext.locale}>
        {documentHead(pageContext, title, head)}
        <body {...bodyHeaders}>
          <a class="skip-link" href="#main">
            {t('nav.skip')}
          </a>
          {pageContext.area === 'staff' ? <StaffHeader pageContext={pageContext} /> : <PatronHeader pageContext={pageContext} />}
          <main id="main" tabindex={-1}>
            {children}
          </main>
          <div id="announcer" class="visually-hidden" aria-live="polite" role="status"></div>
          <footer class="site-footer">
            <p>
              <span class="visually-hidden">{t('footer.languageLabel')}: </span>
              <a
                href={`/language/${otherLocale}?next=${encodeURIComponent(pageContext.currentPath)}`}
                lang={otherLocale}
                hreflang={otherLocale}
              >
                {t('footer.language')}
              </a>
            </p>
            <p>
              <a href="/guide">{t('guide.title')}</a>
            </p>
            <p class="small">{t('footer.note')}</p>
          </footer>
        </body>
      </html>
    </>
  );
}
