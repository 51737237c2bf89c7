/**
 * TestClients for service processes started with startService: the same
 * cookie jar and CSRF token can talk to several processes in turn, as a
 * browser behind a load balancer would.
 */
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
