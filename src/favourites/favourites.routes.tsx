/**
 * /account/favourites (SPEC §14): お気に入り, added from any record page,
 * listed a page at a time, removed one by one; a reservable one goes to the
 * cart through the cart's own form. Without JavaScript each POST answers 303
 * back to the list, which says what changed; with htmx the record page's form
 * or the list is swapped in place.
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  FavouriteAnswerFragment,
  FavouriteRefusedPage,
  FavouritesFragment,
  FavouritesPage,
  type FavouritesView,
} from '../../templates/favourites.tsx';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render, wantsFragment } from '../http/render.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { addFavourite, favouriteCount, favouritesPageOf, removeFavourite } from './favourites.repo.ts';
import { FAVOURITES_PER_PAGE, favouritesPage, MAX_FAVOURITES, parseRecordId } from './favourites.rules.ts';

const PATH = '/account/favourites';

/** The notices a redirect back to the list may name. */
const doneNotices = {
  added: 'favourites.addedPlain',
  already: 'favourites.alreadyPlain',
  removed: 'favourites.removed',
} as const satisfies Record<string, MessageKey>;

async function favouritesView(c: Context<AppEnv>, patronId: number, rawPage: string | undefined, notice: string | null) {
  const db = c.var.deps.db;
  const total = await favouriteCount(db, patronId);
  const page = favouritesPage(rawPage, total);
  const favourites = await favouritesPageOf(db, patronId, { limit: FAVOURITES_PER_PAGE, offset: (page - 1) * FAVOURITES_PER_PAGE });
  const pages = Math.max(1, Math.ceil(total / FAVOURITES_PER_PAGE));
  return { favourites, total, max: MAX_FAVOURITES, page, pages, notice } satisfies FavouritesView;
}

async function renderFavourites(c: Context<AppEnv>, patronId: number, rawPage: string | undefined, notice: string | null) {
  const view = await favouritesView(c, patronId, rawPage, notice);
  return render(c, {
    title: c.var.t('favourites.title'),
    page: (pageContext) => <FavouritesPage pageContext={pageContext} view={view} />,
    fragment: (pageContext) => <FavouritesFragment pageContext={pageContext} view={view} />,
  });
}

async function showFavourites(c: Context<AppEnv>) {
  const patronId = patronOrSignIn(c, PATH);
  if (patronId instanceof Response) return patronId;
  const done = c.req.query('done') ?? '';
  const notice = Object.hasOwn(doneNotices, done) ? c.var.t(doneNotices[done as keyof typeof doneNotices]) : null;
  return renderFavourites(c, patronId, c.req.query('page'), notice);
}

/** htmx gets the outcome in place of the record page's form; a plain form goes on to the list, or reads why not. */
function addAnswer(c: Context<AppEnv>, status: ContentfulStatusCode, message: string, done: 'added' | 'already' | null) {
  if (wantsFragment(c)) {
    return render(c, {
      title: c.var.t('favourites.title'),
      status,
      page: (pageContext) => <FavouriteAnswerFragment pageContext={pageContext} message={message} ok={done !== null} />,
    });
  }
  if (done) return c.redirect(`${PATH}?done=${done}`, 303);
  return render(c, {
    title: c.var.t('favourites.refusedTitle'),
    status,
    page: (pageContext) => <FavouriteRefusedPage pageContext={pageContext} message={message} />,
  });
}

async function addToFavourites(c: Context<AppEnv>) {
  const recordId = parseRecordId((await formFields(c, ['record_id'])).record_id);
  // A visitor signs in and comes back to the record they were reading.
  const patronId = patronOrSignIn(c, recordId === null ? PATH : `/records/${recordId}`);
  if (patronId instanceof Response) return patronId;
  const t = c.var.t;
  if (recordId === null) return addAnswer(c, 422, t('favourites.badRecord'), null);
  const { db, clock } = c.var.deps;
  const { outcome, title } = await addFavourite(db, patronId, recordId, MAX_FAVOURITES, clock.now());
  switch (outcome) {
    case 'noRecord':
      return addAnswer(c, 404, t('favourites.notFound'), null);
    case 'full':
      return addAnswer(c, 422, t('favourites.full', { max: MAX_FAVOURITES }), null);
    case 'already':
      return addAnswer(c, 200, t('favourites.already', { title }), 'already');
    case 'added':
      return addAnswer(c, 200, t('favourites.added', { title }), 'added');
  }
}

async function deleteFavourite(c: Context<AppEnv>) {
  const recordId = parseRecordId(c.req.param('recordId'));
  if (recordId === null) throw new HTTPException(404);
  const patronId = patronOrSignIn(c, PATH);
  if (patronId instanceof Response) return patronId;
  await removeFavourite(c.var.deps.db, patronId, recordId);
  const page = c.req.query('page');
  if (!wantsFragment(c)) return c.redirect(`${PATH}?${new URLSearchParams({ page: page ?? '1', done: 'removed' })}`, 303);
  return renderFavourites(c, patronId, page, c.var.t('favourites.removed'));
}

/** Mounted at /account/favourites. */
export const favouritesRoutes = new Hono<AppEnv>()
  .get('/', showFavourites)
  .post('/', addToFavourites)
  .post('/:recordId/delete', deleteFavourite);
