/**
 * The routes the PostgreSQL load benchmarks measure, as autocannon request
 * makers over the kept library's signed-in heavy patrons: /account, /search
 * with the query mix, the renew fragment and the cart-add fragment. Shared by
 * bench:load (throughput, latency, CPU a request) and bench:profile (where
 * that CPU goes), so both measure the same requests.
 */
import type autocannon from 'autocannon';
import { pick, signedInHeaders } from './bench-http.ts';
import type { SignedInPatron } from './bench-load-data.ts';

export const BENCH_ROUTES = ['account', 'search', 'renew', 'cart'] as const;
export type BenchRoute = (typeof BENCH_ROUTES)[number];

export interface RouteInputs {
  patrons: SignedInPatron[];
  /** The service's origin, which POSTs name (the CSRF check compares it). */
  origin: string;
  queries: string[];
  /** Records a heavy patron may put in the cart. */
  reservable: { id: number }[];
}

/** What Chromium asks for, so pages are compressed as a patron's browser gets them. */
const ACCEPT_ENCODING = { 'accept-encoding': 'gzip, deflate, br, zstd' };

/** Each route's name in the printed tables, and a maker of its next request. */
export function routeRequests(inputs: RouteInputs): Record<BenchRoute, { name: string; next: () => autocannon.Request }> {
  const { patrons, origin, queries, reservable } = inputs;
  // Each loan once, in a random order, before any again: a loan renewed twice meets the renewal limit (422), which costs
  // less than a renewal, and picked at random more of them did the faster a run went (half of 9,600 at 480/s).
  const loans = shuffled(patrons.flatMap((patron) => patron.loanIds.map((loanId) => ({ patron, loanId }))));
  let renewed = 0;
  return {
    account: {
      name: '/account',
      next: () => ({ method: 'GET', path: '/account', headers: { ...signedInHeaders(pick(patrons), origin, false), ...ACCEPT_ENCODING } }),
    },
    search: {
      name: '/search',
      next: () => ({ method: 'GET', path: `/search?q=${encodeURIComponent(pick(queries))}`, headers: ACCEPT_ENCODING }),
    },
    renew: {
      name: 'renew (htmx fragment)',
      next: () => {
        const { patron, loanId } = loans[renewed++ % loans.length]!;
        return {
          method: 'POST',
          path: `/account/loans/${loanId}/renew`,
          // A browser's empty POST declares its length; autocannon leaves the header out for an empty body.
          headers: { ...signedInHeaders(patron, origin, true), ...ACCEPT_ENCODING, 'content-length': '0' },
          body: '',
        };
      },
    },
    cart: {
      name: 'cart add (htmx fragment)',
      next: () => ({
        method: 'POST',
        path: '/cart',
        headers: { ...signedInHeaders(pick(patrons), origin, true), ...ACCEPT_ENCODING },
        body: `record_id=${pick(reservable).id}`,
      }),
    },
  };
}

/** A copy of `items` in a random order (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
