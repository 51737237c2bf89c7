/**
 * The one place that decides between a full page and an htmx fragment:
 * a request with HX-Request (and not a history restore or a full-page
 * htmx swap) gets the fragment, any other the page. Responses always say
 * `Vary: HX-Request` so no cache mixes the two. It also compresses the
 * HTML, as a browser asks (page-compression.ts).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html';
import { Layout, type PageHead } from '../../templates/layout.tsx';
import type { PageContext } from '../../templates/page-context.ts';
import { cardInputMode } from '../patrons/patron.rules.ts';
import type { AppEnv } from './env.ts';
import { chosenEncoding, compressedPage, PAGE_ENCODINGS, SMALLEST_COMPRESSED_PAGE } from './page-compression.ts';

type Html = JSX.Element;

export interface View {
  title: string;
  status?: ContentfulStatusCode;
  /** The main content of the full page. */
  page: (pageContext: PageContext) => Html;
  /** The part an htmx request swaps; without it htmx gets the page content. */
  fragment?: (pageContext: PageContext) => Html;
  /** Canonical URL and schema.org JSON-LD for the document's head. */
  head?: PageHead;
  /** The header's cart count when the page's own statement read it, saving the page context's. */
  cartCount?: number;
}

/** True when this request should be answered with a fragment. */
export function wantsFragment(c: Context<AppEnv>): boolean {
  return (
    c.req.header('HX-Request') === 'true' &&
    c.req.header('HX-History-Restore-Request') !== 'true' &&
    c.req.header('HX-Request-Type') !== 'full'
  );
}

/** Renders a view as a page or a fragment. */
export async function render(c: Context<AppEnv>, view: View): Promise<Response> {
  const fragment = wantsFragment(c);
  // Only the page's header shows the cart count: a fragment, which has no header, is answered without reading it.
  const pageContext = view.cartCount !== undefined || fragment ? pageContextWithoutReads(c, view.cartCount ?? 0) : await pageContextFor(c);
  c.header('Vary', 'HX-Request', { append: true });
  c.header('Vary', 'Accept-Encoding', { append: true });
  const status = view.status ?? 200;
  if (fragment) return htmlResponse(c, (view.fragment ?? view.page)(pageContext), status);
  return htmlResponse(
    c,
    <Layout pageContext={pageContext} title={view.title} head={view.head}>
      {view.page(pageContext)}
    </Layout>,
    status,
  );
}

/**
 * The HTML as the response's body, compressed when the browser accepts it
 * and it is long enough. compress() then leaves it alone: it skips a body
 * already encoded, and one whose length is below its threshold, so a short
 * fragment declares its length, which compress() could not know of a string.
 */
export async function htmlResponse(c: Context<AppEnv>, element: Html, status: ContentfulStatusCode): Promise<Response> {
  const html = `${await resolveCallback(element, HtmlEscapedCallbackPhase.Stringify, false, {})}`;
  const bytes = Buffer.byteLength(html);
  if (bytes < SMALLEST_COMPRESSED_PAGE) {
    c.header('Content-Length', String(bytes));
    return c.html(html, status);
  }
  const encoding = chosenEncoding(c.req.header('Accept-Encoding'), PAGE_ENCODINGS);
  if (!encoding) return c.html(html, status);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  c.header('Content-Encoding', encoding);
  return c.body(compressedPage(html, encoding), status);
}

/** Gathers the page context: locale, session state and the cart count its feature supplies. */
export async function pageContextFor(c: Context<AppEnv>): Promise<PageContext> {
  return pageContextWithoutReads(c, c.var.cartCount ? await c.var.cartCount() : 0);
}

/** The page context without database reads, for error pages (the database may be what failed). */
export function pageContextWithoutReads(c: Context<AppEnv>, cartCount = 0): PageContext {
  const { config, assets } = c.var.deps;
  const session = c.var.session;
  const url = new URL(c.req.url);
  return {
    t: c.var.t,
    locale: c.var.locale,
    libraryName: config.rules.libraryName[c.var.locale],
    cardInputMode: cardInputMode(config.rules.cardNumberExample),
    csrfToken: session?.csrfToken ?? c.var.anonymousCsrfToken?.() ?? null,
    area: url.pathname === '/staff' || url.pathname.startsWith('/staff/') ? 'staff' : 'patron',
    signedIn: session?.patronId != null,
    staffSignedIn: session?.staffId != null,
    cartCount,
    currentPath: url.pathname + url.search,
    asset: (name) => assets.url(name),
  };
}
