/**
 * CSRF defence in two layers: the request must come from this site (Origin,
 * or Referer when a browser omits Origin), and it must carry the page's
 * token, as the hidden `_csrf` input of a plain form or the `X-CSRF-Token`
 * header htmx sends (set once on <body> with hx-headers:inherited).
 * With a session the token is the session's; without one it is a signed
 * double-submit token, the HMAC of a random seed cookie under a key kept in
 * the database, so that an anonymous page (a crawler's too) writes nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { siteSecret } from '../site/site-secrets.repo.ts';
import type { AppEnv } from './env.ts';
import { postedForm } from './posted-form.ts';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function seedCookieName(secure: boolean): string {
  return secure ? '__Host-csrf_seed' : 'csrf_seed';
}

function anonymousToken(key: Buffer, seed: string): string {
  return createHmac('sha256', key).update(seed).digest('base64url');
}

export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.var.session ? null : await siteSecret(c.var.deps.db, 'csrf');
    const secure = c.var.deps.config.secureCookies;
    const seed = getCookie(c, seedCookieName(secure));
    if (key) {
      let pageSeed = seed;
      c.set('anonymousCsrfToken', () => {
        // The seed cookie is set only when a page first needs a token, and lives as long as the browser session.
        if (!pageSeed) {
          pageSeed = randomBytes(32).toString('base64url');
          setCookie(c, seedCookieName(secure), pageSeed, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
        }
        return anonymousToken(key, pageSeed);
      });
    }
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (!fromThisSite(c)) throw new HTTPException(403, { message: 'cross-site request' });
    const expected = c.var.session?.csrfToken ?? (key && seed ? anonymousToken(key, seed) : undefined);
    // The form is read even when the header carries the token: an unreadable body is refused here, as 400,
    // before a handler reads it (Hono keeps the parsed form for the handler).
    const inForm = await formToken(c);
    const sent = c.req.header(CSRF_HEADER) ?? inForm;
    if (!expected || !sent || !sameToken(expected, sent)) {
      throw new HTTPException(403, { message: 'missing or stale CSRF token' });
    }
    return next();
  };
}

function fromThisSite(c: Context<AppEnv>): boolean {
  const allowed = new Set([new URL(c.req.url).origin]);
  const base = c.var.deps.config.baseUrl;
  if (base) allowed.add(new URL(base).origin);
  const origin = c.req.header('Origin');
  if (origin) return allowed.has(origin);
  const referer = c.req.header('Referer');
  if (!referer) return false;
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

async function formToken(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  try {
    const body = await postedForm(c);
    const value = body[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  } catch {
    throw new HTTPException(400, { message: 'unreadable form body' });
  }
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
