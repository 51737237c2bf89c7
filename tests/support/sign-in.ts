/**
 * Signs a TestClient in as a patron or staff member by creating the session
 * row directly, for tests about what comes after sign-in (the sign-in form
 * itself has its own tests).
 */
import { randomBytes } from 'node:crypto';
import { hashToken, sessionCookieName } from '../../src/http/session.ts';
import type { TestContext } from './app.ts';
import type { TestClient } from './client.ts';

export async function signInDirectly(ctx: TestContext, client: TestClient, owner: { patronId?: number; staffId?: number }): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      patron_id: owner.patronId ?? null,
      staff_id: owner.staffId ?? null,
      csrf_token: randomBytes(32).toString('base64url'),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ctx.config.rules.session.absoluteHours * 3_600_000),
    })
    .execute();
  client.setCookie(sessionCookieName(ctx.config.secureCookies), token);
}
