/** The reservation flow, the hold lists and renewals are a signed-in patron's; a visitor is sent to sign in and back. */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { wantsFragment } from '../http/render.tsx';

/**
 * The signed-in patron's id, or the response that sends the visitor to
 * /login?next=… (an htmx request gets HX-Redirect, so the login page
 * replaces the whole page rather than a fragment).
 */
export function patronOrSignIn(c: Context<AppEnv>, next: string): number | Response {
  const patronId = c.var.session?.patronId;
  if (patronId != null) {
    // The page names the patron's holds: a shared computer's cache must not keep it.
    c.header('Cache-Control', 'private, no-store');
    return patronId;
  }
  const url = `/login?next=${encodeURIComponent(next)}`;
  if (wantsFragment(c)) {
    c.header('HX-Redirect', url);
    return c.body(null, 204);
  }
  return c.redirect(url, 303);
}
