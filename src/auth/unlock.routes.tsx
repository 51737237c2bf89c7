/**
 * /login/unlock/:token, the one-time link mailed when a card locks. GET
 * only shows a button, so mail scanners that fetch links do not use it; the
 * POST ends the lock and forgets the count. The token is the only proof,
 * as for e-mail confirmation: the phone reading the mail is often not
 * signed in.
 */
import { type Context, Hono } from 'hono';
import { UnlockPage } from '../../templates/sign-in-unlock.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { unlockLinkUsable, unlockPath, useUnlockLink } from './unlock-link.repo.ts';

/** A token as the mail carries it (32 random bytes, base64url); anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const unlockRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const token = c.req.param('token');
    const usable = TOKEN.test(token) && (await unlockLinkUsable(c.var.deps.db, token, c.var.deps.clock.now()));
    return renderUnlock(c, usable ? unlockPath(token) : null);
  })
  .post('/:token', async (c) => {
    const token = c.req.param('token');
    if (TOKEN.test(token) && (await useUnlockLink(c.var.deps.db, token, c.var.deps.clock.now()))) {
      return c.redirect('/login?done=unlocked', 303);
    }
    return renderUnlock(c, null);
  });

function renderUnlock(c: Context<AppEnv>, action: string | null) {
  c.header('Cache-Control', 'no-store');
  return render(c, {
    title: c.var.t('unlock.title'),
    status: action ? 200 : 410,
    page: (pageContext) => <UnlockPage pageContext={pageContext} action={action} />,
  });
}
