/** /account/favourites: お気に入り (今度読みたい本); its section is also the htmx fragment, and the record page's button answers here. */
import type { Favourite } from '../src/favourites/favourites.repo.ts';
import { Announcement } from './parts/announce.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import { reservabilityNote } from './cart.tsx';
import type { PageContext } from './page-context.ts';
import { AccountSubpage, SectionAnswer } from './parts/account-subpage.tsx';

export const FAVOURITES_ID = 'favourites';
const PATH = '/account/favourites';

export interface FavouritesView {
  favourites: Favourite[];
  total: number;
  max: number;
  page: number;
  pages: number;
  /** What the last change did, said once. */
  notice: string | null;
}

export function FavouritesPage({ pageContext, view }: { pageContext: PageContext; view: FavouritesView }) {
  const { t } = pageContext;
  return (
    <AccountSubpage pageContext={pageContext} title={t('favourites.title')}>
      <FavouritesSection pageContext={pageContext} view={view} />
    </AccountSubpage>
  );
}

/** The section after a removal, with the announcement of what happened. */
export function FavouritesFragment({ pageContext, view }: { pageContext: PageContext; view: FavouritesView }) {
  return (
    <SectionAnswer message={view.notice ?? ''}>
      <FavouritesSection pageContext={pageContext} view={view} />
    </SectionAnswer>
  );
}

function FavouritesSection({ pageContext, view }: { pageContext: PageContext; view: FavouritesView }) {
  const { t } = pageContext;
  return (
    <section id={FAVOURITES_ID} aria-labelledby="favourites-count" tabindex={-1}>
      {view.notice ? (
        <p class="notice success" role="status">
          {view.notice}
        </p>
      ) : null}
      <p>{t('favourites.lead')}</p>
      <p id="favourites-count">{t('favourites.count', { count: view.total, max: view.max })}</p>
      {view.favourites.length === 0 ? (
        <p>
          {t('favourites.empty')} <a href="/search">{t('favourites.searchLink')}</a>
        </p>
      ) : (
        <FavouritesTable pageContext={pageContext} view={view} />
      )}
      {view.pages > 1 ? <Pager pageContext={pageContext} page={view.page} pages={view.pages} /> : null}
    </section>
  );
}

function FavouritesTable({ pageContext, view }: { pageContext: PageContext; view: FavouritesView }) {
  const { t } = pageContext;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">{t('favourites.column.title')}</th>
          <th scope="col">{t('favourites.column.note')}</th>
          <th scope="col">{t('favourites.column.action')}</th>
        </tr>
      </thead>
      <tbody>
        {view.favourites.map((favourite) => (
          <tr>
            <td data-label={t('favourites.column.title')}>
              <a href={`/records/${favourite.recordId}`}>{favourite.title}</a>
              {favourite.author ? <span class="small"> / {favourite.author}</span> : null}
            </td>
            <td data-label={t('favourites.column.note')}>
              <span class={favourite.reservability.reservable ? 'status ok' : 'status'}>
                {reservabilityNote(t, favourite.reservability)}
              </span>
            </td>
            <td data-label={t('favourites.column.action')}>
              <div class="button-row">
                {favourite.reservability.reservable ? <ToCart pageContext={pageContext} favourite={favourite} /> : null}
                <RemoveFavourite pageContext={pageContext} favourite={favourite} page={view.page} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The record page's 「カートに入れる」 form, answered by the cart feature: its outcome replaces the form. */
function ToCart({ pageContext, favourite }: { pageContext: PageContext; favourite: Favourite }) {
  return (
    <form method="post" action="/cart" hx-post="/cart" hx-swap="outerHTML" class="inline-form">
      <CsrfField token={pageContext.csrfToken} />
      <input type="hidden" name="record_id" value={String(favourite.recordId)} />
      <button type="submit" aria-label={pageContext.t('favourites.toCartLabel', { title: favourite.title })}>
        {pageContext.t('record.addToCart')}
      </button>
    </form>
  );
}

function RemoveFavourite({ pageContext, favourite, page }: { pageContext: PageContext; favourite: Favourite; page: number }) {
  const action = `${PATH}/${favourite.recordId}/delete?page=${page}`;
  return (
    <form method="post" action={action} hx-post={action} hx-target={`#${FAVOURITES_ID}`} hx-swap="outerHTML" class="inline-form">
      <CsrfField token={pageContext.csrfToken} />
      <button type="submit" class="secondary" aria-label={pageContext.t('favourites.removeLabel', { title: favourite.title })}>
        {pageContext.t('favourites.remove')}
      </button>
    </form>
  );
}

function Pager({ pageContext, page, pages }: { pageContext: PageContext; page: number; pages: number }) {
  const { t } = pageContext;
  return (
    <nav aria-label={t('search.pager')} class="pager">
      {page > 1 ? <a href={`${PATH}?page=${page - 1}`}>{t('search.previous')}</a> : null}
      <span>{t('search.pageOf', { page, pages })}</span>
      {page < pages ? <a href={`${PATH}?page=${page + 1}`}>{t('search.next')}</a> : null}
    </nav>
  );
}

/** The record page's 「お気に入りに追加」 (any record, reservable or not). */
export function AddFavouriteForm({ pageContext, recordId }: { pageContext: PageContext; recordId: number }) {
  const { t } = pageContext;
  return (
    <form method="post" action={PATH} hx-post={PATH} hx-swap="outerHTML">
      <CsrfField token={pageContext.csrfToken} />
      <input type="hidden" name="record_id" value={String(recordId)} />
      <button type="submit" class="secondary" aria-describedby="favourite-hint">
        {t('favourites.add')}
      </button>
      <p class="hint" id="favourite-hint">
        {t('favourites.addHint')}
      </p>
    </form>
  );
}

/** What replaces the record page's form with htmx: the outcome, a link to the list, and the announcement. */
export function FavouriteAnswerFragment({ pageContext, message, ok }: { pageContext: PageContext; message: string; ok: boolean }) {
  return (
    <>
      {/* The button that had the focus is gone: the outcome takes it. */}
      <div class={ok ? 'notice success' : 'notice warning'} tabindex={-1} autofocus>
        <p>{message}</p>
        <p>
          <a href={PATH}>{pageContext.t('favourites.show')}</a>
        </p>
      </div>
      <Announcement message={message} />
    </>
  );
}

/** Without JavaScript, an add that could not be done says why on a page of its own. */
export function FavouriteRefusedPage({ pageContext, message }: { pageContext: PageContext; message: string }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('favourites.refusedTitle')}</h1>
      <p class="notice warning">{message}</p>
      <p>
        <a href={PATH}>{t('favourites.show')}</a>
      </p>
    </>
  );
}
