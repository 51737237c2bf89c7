/**
 * The push-device cookie: a random token the browser keeps once it has
 * subscribed, whose hash is stored with its subscriptions, so that this
 * browser's logout removes them even when the session that subscribed has
 * since timed out (sessions last 30 idle minutes; a phone stays subscribed
 * for months). HttpOnly: no script needs it.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.ts';
import { hashToken } from '../http/session.ts';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

function cookieName(secure: boolean): string {
  return secure ? '__Host-push-device' : 'push-device';
}

function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure };
}

/** This browser's device key, made (and the cookie set) if it has none. */
export function ensureDeviceKey(c: Context<AppEnv>): string {
  const secure = c.var.deps.config.secureCookies;
  let token = getCookie(c, cookieName(secure));
  if (!token || token.length > 128) {
    token = randomBytes(32).toString('base64url');
    setCookie(c, cookieName(secure), token, { ...cookieOptions(secure), maxAge: ONE_YEAR_SECONDS });
  }
  return hashToken(token);
}

/** This browser's device key, if it has one, and the cookie cleared (a logout). */
export function takeDeviceKey(c: Context<AppEnv>): string | null {
  const secure = c.var.deps.config.secureCookies;
  const token = getCookie(c, cookieName(secure));
  if (!token) return null;
  deleteCookie(c, cookieName(secure), cookieOptions(secure));
  return token.length > 128 ? null : hashToken(token);
}
