/**
 * TestClients for service processes started with startService: the same
 * cookie jar and CSRF token can talk to several processes in turn, as a
 * browser behind a load balancer would.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { hashToken, sessionCookieName } from '../../src/http/session.ts';
import { ORIGIN, type Requester, TestClient } from './client.ts';

/** Sends a TestClient's requests to the process at `baseUrl` (Origin rewritten to it, redirects not followed). */
export function processRequester(baseUrl: string): Requester {
  const base = new URL(baseUrl);
  return {
    request(url, init) {
      const headers = new Headers(init.headers);
      if (headers.has('Origin')) headers.set('Origin', base.origin);
      return fetch(new URL(url.slice(ORIGIN.length), base), { ...init, headers, redirect: 'manual' });
    },
  };
}

/**
 * One client whose requests go to whichever process `use` last named, so a
 * test can send one request to process A and the next to B.
 */
export function switchableClient(urls: string[], headers: Record<string, string> = {}): { client: TestClient; use(index: number): void } {
  let current = processRequester(urls[0]!);
  const client = new TestClient({ request: (url, init) => current.request(url, init) }, headers);
  return {
    client,
    use(index) {
      current = processRequester(urls[index]!);
    },
  };
}

/** A signed-in client for `patronId` on a service process: the session row written directly, its cookie and CSRF token set. */
export async function signedInProcessClient(db: Kysely<Database>, baseUrl: string, patronId: number): Promise<TestClient> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      patron_id: patronId,
      staff_id: null,
      csrf_token: csrf,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + 3_600_000),
    })
    .execute();
  const client = new TestClient(processRequester(baseUrl));
  client.setCookie(sessionCookieName(false), token);
  client.csrfToken = csrf;
  return client;
}
