/** The reservation cart: list, add (from the record page), remove; htmx also gets the header count out of band. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  CartAddedFragment,
  CartAddRefusedPage,
  CartPage,
  CartRemovedFragment,
  CartSection,
  reservabilityNote,
} from '../../templates/cart.tsx';
import { reservationTitle } from '../holds/holds.repo.ts';
import { single } from '../holds/holds.rules.ts';
import type { AppEnv } from '../http/env.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { ensureSession } from '../http/session.ts';
import { addToCart, loadCart, removeFromCart } from './cart.repo.ts';
import { MAX_CART_TITLES } from './cart.rules.ts';
import { postedForm } from '../http/posted-form.ts';

/** The session's cart with its titles and meter. */
function currentCart(c: Context<AppEnv>) {
  const session = c.var.session;
  return loadCart(c.var.deps.db, session?.id ?? null, session?.patronId ?? null, c.var.deps.config.rules);
}

/** htmx gets the outcome and the cart's summary in place of the form; a plain form goes on to the cart, or reads why not. */
async function addAnswer(c: Context<AppEnv>, status: ContentfulStatusCode, message: string, ok: boolean) {
  if (wantsFragment(c)) {
    const cart = ok ? await currentCart(c) : null;
    return render(c, {
      title: c.var.t('cart.title'),
      status,
      page: (pageContext) => <CartAddedFragment pageContext={pageContext} message={message} ok={ok} cart={cart} />,
      // The fragment's header count, out of band: the cart just read has it.
      cartCount: cart ? cart.titles.length : await (c.var.cartCount?.() ?? 0),
    });
  }
  if (ok) return c.redirect('/cart', 303);
  return render(c, {
    title: c.var.t('cart.title'),
    status,
    page: (pageContext) => <CartAddRefusedPage pageContext={pageContext} message={message} />,
  });
}

export const cartRoutes = new Hono<AppEnv>()
  .get('/cart', async (c) => {
    const cart = await currentCart(c);
    return render(c, {
      title: c.var.t('cart.title'),
      page: (pageContext) => <CartPage pageContext={pageContext} cart={cart} />,
      fragment: (pageContext) => <CartSection pageContext={pageContext} cart={cart} />,
    });
  })
  .post('/cart', async (c) => {
    const { db, clock } = c.var.deps;
    const t = c.var.t;
    const raw = single((await postedForm(c, { all: true })).record_id);
    if (raw === null || !/^[1-9]\d{0,8}$/.test(raw)) return addAnswer(c, 422, t('cart.badRecord'), false);
    // The CSRF check passed, so the session exists; ensureSession only narrows the type.
    const session = await ensureSession(c);
    const title = await reservationTitle(db, Number(raw), session.patronId);
    if (!title) return addAnswer(c, 404, t('cart.notFound'), false);
    if (!title.reservability.reservable) {
      return addAnswer(
        c,
        422,
        t('cart.notReservable', { title: title.title, reason: reservabilityNote(c.var.t, title.reservability) }),
        false,
      );
    }
    const addition = await addToCart(db, session.id, title.recordId, clock.now());
    if (addition.outcome === 'alreadyIn') return addAnswer(c, 200, t('cart.alreadyIn', { title: title.title }), true);
    if (addition.outcome === 'full') return addAnswer(c, 422, t('cart.full', { max: MAX_CART_TITLES }), false);
    return addAnswer(c, 200, t('cart.added', { title: title.title, count: addition.titles }), true);
  })
  .post('/cart/:recordId/delete', async (c) => {
    const raw = c.req.param('recordId');
    if (!/^[1-9]\d{0,8}$/.test(raw)) throw new HTTPException(404);
    const session = await ensureSession(c);
    const { db } = c.var.deps;
    const title = await reservationTitle(db, Number(raw), session.patronId);
    await removeFromCart(db, session.id, Number(raw));
    if (!wantsFragment(c)) return c.redirect('/cart', 303);
    const cart = await currentCart(c);
    const message = c.var.t('cart.removed', { title: title?.title ?? raw, count: cart.titles.length });
    return render(c, {
      title: c.var.t('cart.title'),
      page: (pageContext) => <CartRemovedFragment pageContext={pageContext} cart={cart} message={message} />,
      cartCount: cart.titles.length,
    });
  });
