/** The reservation cart (its section is also the htmx fragment), the limit meter, and the answer to 「カートに入れる」. */
import type { Reservability } from '../src/catalog/catalog.rules.ts';
import type { CartVerdict, CartView } from '../src/cart/cart.repo.ts';
import type { LimitMeter, RefusalReason } from '../src/holds/holds.rules.ts';
import type { Translate } from '../src/i18n/index.ts';
import { Announcement } from './parts/announce.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import { CartCount } from './layout.tsx';
import type { PageContext } from './page-context.ts';

const CART_ID = 'cart';

/** The message key of a reason the catalog gives for not reserving. */
export function reasonKey(reason: RefusalReason) {
  return `refusal.${reason}` as const;
}

/** 「予約できます」 or why not, for the cart and the confirmation page. */
export function reservabilityNote(t: Translate, reservable: Reservability | CartVerdict): string {
  return reservable.reservable ? t('cart.canReserve') : t(reasonKey(reservable.reason));
}

export function CartPage({ pageContext, cart }: { pageContext: PageContext; cart: CartView }) {
  return (
    <>
      <h1>{pageContext.t('cart.title')}</h1>
      <CartSection pageContext={pageContext} cart={cart} />
    </>
  );
}

/**
 * The cart's list, meter and 「予約する」: swapped in place when a title is
 * removed, then with `focus`, since the button that had it is gone.
 */
export function CartSection({ pageContext, cart, focus = false }: { pageContext: PageContext; cart: CartView; focus?: boolean }) {
  const { t } = pageContext;
  const focusHere = focus ? { tabindex: -1, autofocus: true } : {};
  if (cart.titles.length === 0) {
    return (
      <section id={CART_ID} {...focusHere}>
        <p>{t('cart.empty')}</p>
        <p>
          <a href="/search">{t('cart.searchLink')}</a>
        </p>
      </section>
    );
  }
  return (
    <section id={CART_ID} {...focusHere}>
      <p>{t('cart.lead')}</p>
      <CartTable pageContext={pageContext} titles={cart.titles} />
      <LimitMeterView pageContext={pageContext} meter={cart.meter} signedIn={cart.signedIn} />
      <p>
        <a class="button" href="/reserve">
          {t('cart.reserve')}
        </a>
      </p>
      {cart.signedIn ? <p class="hint">{t('cart.logoutHint')}</p> : null}
    </section>
  );
}

/** The titles in the cart, each with its reservability and the button that takes it out. */
function CartTable({ pageContext, titles }: { pageContext: PageContext; titles: CartView['titles'] }) {
  const { t } = pageContext;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">{t('cart.column.title')}</th>
          <th scope="col">{t('cart.column.material')}</th>
          <th scope="col">{t('cart.column.note')}</th>
          <th scope="col">{t('cart.column.action')}</th>
        </tr>
      </thead>
      <tbody>
        {titles.map((title) => (
          <tr>
            <td data-label={t('cart.column.title')}>
              <a href={`/records/${title.recordId}`}>{title.title}</a>
            </td>
            <td data-label={t('cart.column.material')}>{t(`material.${title.material}`)}</td>
            <td data-label={t('cart.column.note')}>
              <span class={title.verdict.reservable ? 'status ok' : 'status error'}>{reservabilityNote(pageContext.t, title.verdict)}</span>
            </td>
            <td data-label={t('cart.column.action')}>
              <form
                method="post"
                action={`/cart/${title.recordId}/delete`}
                hx-post={`/cart/${title.recordId}/delete`}
                hx-target={`#${CART_ID}`}
                hx-swap="outerHTML"
                class="inline-form"
              >
                <CsrfField token={pageContext.csrfToken} />
                <button type="submit" class="secondary" aria-label={t('cart.removeLabel', { title: title.title })}>
                  {t('cart.remove')}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 「図書 7/10・視聴覚 1/1・合計 8/11」, with a warning when confirming would go over a limit. */
export function LimitMeterView({ pageContext, meter, signedIn }: { pageContext: PageContext; meter: LimitMeter; signedIn: boolean }) {
  const { t } = pageContext;
  const { usage, limits } = meter;
  return (
    <div class={meter.overBy > 0 ? 'notice warning' : 'notice'}>
      <h2>{t('meter.heading')}</h2>
      <p class="meter">
        {t('meter.line', {
          book: usage.book,
          bookLimit: limits.book,
          av: usage.av,
          avLimit: limits.av,
          total: usage.total,
          totalLimit: limits.total,
        })}
      </p>
      <p class="small">{signedIn ? t('meter.explain') : t('meter.anonymous')}</p>
      {meter.overBy > 0 ? <p class="status error">{t('meter.over', { count: meter.overBy })}</p> : null}
    </div>
  );
}

/** The fragment after a removal: the cart again, the header count and what happened, for the live region. */
export function CartRemovedFragment({ pageContext, cart, message }: { pageContext: PageContext; cart: CartView; message: string }) {
  return (
    <>
      <CartSection pageContext={pageContext} cart={cart} focus />
      <CartCount pageContext={pageContext} oob />
      <Announcement message={message} />
    </>
  );
}

/**
 * What replaces the record page's 「カートに入れる」 form: the outcome, then
 * the cart's summary with its 「予約する」 (the original page's 「予約カート
 * （ページ上に表示される）の予約するのボタン」), and the new header count.
 */
export function CartAddedFragment({
  pageContext,
  message,
  ok,
  cart,
}: {
  pageContext: PageContext;
  message: string;
  ok: boolean;
  cart: CartView | null;
}) {
  const { t } = pageContext;
  return (
    <>
      {/* The button that had the focus is replaced by this outcome: the focus moves to it. */}
      <div class={ok ? 'notice success' : 'notice warning'} tabindex={-1} autofocus>
        <p>{message}</p>
        {cart && cart.titles.length > 0 ? (
          <section class="cart-summary" aria-labelledby="cart-summary-title">
            <h2 id="cart-summary-title">{t('cart.summary', { count: cart.titles.length })}</h2>
            <ul>
              {cart.titles.map((title) => (
                <li>
                  {title.title}
                  {title.verdict.reservable ? null : <span class="status error"> — {reservabilityNote(t, title.verdict)}</span>}
                </li>
              ))}
            </ul>
            <p class="button-row">
              <a class="button" href="/reserve">
                {t('cart.reserve')}
              </a>
              <a href="/cart">{t('cart.goToCart')}</a>
            </p>
          </section>
        ) : (
          <p>
            <a href="/cart">{t('cart.goToCart')}</a>
          </p>
        )}
      </div>
      <CartCount pageContext={pageContext} oob />
      <Announcement message={message} />
    </>
  );
}

/** The full page for an add that went wrong without JavaScript (with htmx the fragment above says it). */
export function CartAddRefusedPage({ pageContext, message }: { pageContext: PageContext; message: string }) {
  return (
    <>
      <h1>{pageContext.t('cart.title')}</h1>
      <p class="notice warning">{message}</p>
      <p>
        <a href="/cart">{pageContext.t('cart.goToCart')}</a>
      </p>
    </>
  );
}
