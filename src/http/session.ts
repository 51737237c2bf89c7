/**
 * Server-side sessions (Lucia's pattern): the cookie holds a random token,
 * the database only its SHA-256, so a leaked table cannot be replayed.
 * Sessions end after the idle timeout or the absolute lifetime, whichever
 * comes first. Anonymous visitors get one only at the first POST that needs
 * it (a cart); their pages' CSRF tokens need none (see csrf.ts), so crawlers
 * reading the catalog write nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { reusableQuery } from '../db/reusable-query.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from './env.ts';

export interface SessionState {
  id: string;
  patronId: number | null;
  staffId: number | null;
  csrfToken: string;
  sharedDevice: boolean;
  /** The session's absolute limit: nothing kept for it (the offline copy) may outlive it. */
  expiresAt: Date;
}

export interface SessionOwner {
  patronId?: number;
  staffId?: number;
  sharedDevice?: boolean;
}

/** Writes of last_seen_at are skipped when the previous one is this recent. */
const TOUCH_INTERVAL_MS = 60_000;

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-session' : 'session';
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Every request with a session cookie reads its row: built once, and
 * prepared on PostgreSQL. Columns by name, so a column added by a later
 * migration does not change the prepared statement's result under a
 * running process.
 */
const sessionById = reusableQuery('session_by_id', (db, { id }: { id: string }) =>
  db
    .selectFrom('sessions')
    .select(['id', 'patron_id', 'staff_id', 'csrf_token', 'shared_device', 'expires_at', 'last_seen_at'])
    .where('id', '=', id),
);

/** Looks up the cookie's session, ends it if it has timed out, and keeps it alive. */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('session', null);
    const { config, db, clock } = c.var.deps;
    const token = getCookie(c, sessionCookieName(config.secureCookies));
    if (token && token.length <= 128) {
      const now = clock.now();
      const [row] = await sessionById(db, { id: hashToken(token) });
      const idleLimit = new Date(now.getTime() - config.rules.session.idleMinutes * 60_000);
      if (row && row.expires_at > now && row.last_seen_at > idleLimit) {
        if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
          await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
        }
        c.set('session', {
          id: row.id,
          patronId: row.patron_id,
          staffId: row.staff_id,
          csrfToken: row.csrf_token,
          sharedDevice: row.shared_device,
          expiresAt: row.expires_at,
        });
      } else {
        if (row) await db.deleteFrom('sessions').where('id', '=', row.id).execute();
        deleteCookie(c, sessionCookieName(config.secureCookies), cookieOptions(config.secureCookies));
      }
    }
    await next();
  };
}

/**
 * The visitor's session, creating an anonymous one when there is none. Its
 * CSRF token is the one the visitor's pages already carry, so a page that
 * goes on posting through htmx after this first POST is not refused.
 */
export async function ensureSession(c: Context<AppEnv>): Promise<SessionState> {
  return c.var.session ?? (await openSession(c, {}, c.var.anonymousCsrfToken?.() ?? newToken()));
}

/**
 * Moves what a visitor kept with the session being replaced into the new one
 * (the cart at sign-in), in the transaction that starts the new session.
 */
export type SessionCarryOver = (tx: Kysely<Database>, from: string, to: string) => Promise<void>;

/**
 * Starts a fresh session (a new token: at sign-in this defeats session
 * fixation), ending the previous one after `carryOver` has moved what it kept.
 */
export async function startSession(c: Context<AppEnv>, owner: SessionOwner, carryOver?: SessionCarryOver): Promise<SessionState> {
  return openSession(c, owner, newToken(), carryOver);
}

async function openSession(
  c: Context<AppEnv>,
  owner: SessionOwner,
  csrfToken: string,
  carryOver?: SessionCarryOver,
): Promise<SessionState> {
  const { db, clock, config } = c.var.deps;
  const now = clock.now();
  const token = newToken();
  const state: SessionState = {
    id: hashToken(token),
    patronId: owner.patronId ?? null,
    staffId: owner.staffId ?? null,
    csrfToken,
    sharedDevice: owner.sharedDevice ?? false,
    expiresAt: new Date(now.getTime() + config.rules.session.absoluteHours * 3_600_000),
  };
  const previous = c.var.session;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({
        id: state.id,
        patron_id: state.patronId,
        staff_id: state.staffId,
        csrf_token: state.csrfToken,
        shared_device: state.sharedDevice,
        created_at: now,
        last_seen_at: now,
        expires_at: state.expiresAt,
      })
      .execute();
    if (previous) {
      await carryOver?.(tx, previous.id, state.id);
      await tx.deleteFrom('sessions').where('id', '=', previous.id).execute();
    }
  });
  setCookie(c, sessionCookieName(config.secureCookies), token, {
    ...cookieOptions(config.secureCookies),
    maxAge: config.rules.session.absoluteHours * 3600,
  });
  c.set('session', state);
  return state;
}

/** Ends the current session server-side and clears the cookie. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const { db, config } = c.var.deps;
  const session = c.var.session;
  if (session) await db.deleteFrom('sessions').where('id', '=', session.id).execute();
  deleteCookie(c, sessionCookieName(config.secureCookies), cookieOptions(config.secureCookies));
  c.set('session', null);
}

/** Ends every session of a patron except `keep` (password change, registration). */
export async function endPatronSessions(db: Kysely<Database>, patronId: number, keep?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('patron_id', '=', patronId);
  if (keep) query = query.where('id', '<>', keep);
  await query.execute();
}

/** Deletes sessions past their absolute or idle limit (run by the worker). */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date, idleMinutes: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', new Date(now.getTime() - idleMinutes * 60_000))]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure };
}
