/** What the account page tells the service worker about the copy it may keep, and the cookie that ties the copy to its session. */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  OFFLINE_COPY_HEADER,
  OFFLINE_COPY_MAX_AGE_HEADER,
  OFFLINE_COPY_TAG_COOKIE,
  OFFLINE_COPY_TAG_HEADER,
  type OfflineCopyPolicy,
} from '../../sw/offline-copy.ts';
import type { AppEnv } from '../http/env.ts';
import type { SessionState } from '../http/session.ts';
import { formatTime } from '../i18n/format.ts';

/**
 * The session's tag for its offline copy. The session's id is already the
 * SHA-256 of its token; hashing it again (under a name of its own) gives a
 * value a script may read that leads back to neither.
 */
export function offlineCopyTag(sessionId: string): string {
  return createHash('sha256').update(`offline-copy:${sessionId}`).digest('base64url');
}

/** A patron's session whose pages may be kept offline: not a shared computer's (「共用のパソコンで利用する」), not staff's, not a visitor's. */
function sessionKeepingCopy(session: SessionState | null): SessionState | null {
  return session?.patronId != null && !session.sharedDevice ? session : null;
}

/** Whole seconds left before the session's absolute limit. */
function secondsLeft(c: Context<AppEnv>, session: SessionState): number {
  return Math.max(0, Math.floor((session.expiresAt.getTime() - c.var.deps.clock.now().getTime()) / 1000));
}

/**
 * Allows the worker's copy of this account page, except in a session on a
 * shared computer, naming the session it belongs to and how long that
 * session may last; returns the page's time (HH:MM at the library) for the
 * banner that copy shows offline.
 */
export function offlineCopyOfAccountPage(c: Context<AppEnv>): string {
  const session = sessionKeepingCopy(c.var.session);
  const policy: OfflineCopyPolicy = session ? 'allow' : 'none';
  c.header(OFFLINE_COPY_HEADER, policy);
  if (session) {
    c.header(OFFLINE_COPY_TAG_HEADER, offlineCopyTag(session.id));
    c.header(OFFLINE_COPY_MAX_AGE_HEADER, String(secondsLeft(c, session)));
  }
  const { clock, config } = c.var.deps;
  return formatTime(clock.now(), config.rules.timeZone);
}

/**
 * Keeps the tag cookie in step with the session the response leaves the
 * browser in: set for a patron's session that may keep a copy (readable by
 * the worker, so not HttpOnly; gone at the session's absolute limit), deleted
 * when there is no such session any more: sign-out, a session timed out or
 * unknown, a staff or visitor session in its place, a shared computer. The
 * cookie is written only when it differs, so most responses carry nothing.
 */
export function offlineCopyTagCookie(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const session = sessionKeepingCopy(c.var.session);
    const tag = session ? offlineCopyTag(session.id) : undefined;
    if (getCookie(c, OFFLINE_COPY_TAG_COOKIE) === tag) return;
    const options = { path: '/', sameSite: 'Lax', secure: c.var.deps.config.secureCookies } as const;
    if (session && tag) setCookie(c, OFFLINE_COPY_TAG_COOKIE, tag, { ...options, maxAge: secondsLeft(c, session) });
    else deleteCookie(c, OFFLINE_COPY_TAG_COOKIE, options);
  };
}
