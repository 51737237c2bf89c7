/** The cart's part of every page's header: src/http knows no cart table, so this feature tells the page context how to count it. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { cartSizeQuery } from './cart.repo.ts';

/** Sets the page context's cart counter; it counts only when a page is rendered, for the session the request has by then (sign-in starts a new one). */
export function cartCountForPages(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('cartCount', async () => {
      const session = c.var.session;
      return session ? Number((await cartSizeQuery(c.var.deps.db, session.id).executeTakeFirst())?.n ?? 0) : 0;
    });
    await next();
  };
}
