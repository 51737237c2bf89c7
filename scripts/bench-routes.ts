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

/** Each route's name in the printed tables, and a maker of its next request. */
export function routeRequests(inputs: RouteInputs): Record<BenchRoute, { name: string; next: () => autocannon.Request }> {
  const { patrons, origin, queries, reservable } = inputs;
  return {
    account: {
      name: '/account',
      next: () => ({ method: 'GET', path: '/account', headers: signedInHeaders(pick(patrons), origin, false) }),
    },
    search: { name: '/search', next: () => ({ method: 'GET', path: `/search?q=${encodeURIComponent(pick(queries))}` }) },
    renew: {
      name: 'renew (htmx fragment)',
      next: () => {
        const patron = pick(patrons);
        return {
          method: 'POST',
          path: `/account/loans/${pick(patron.loanIds)}/renew`,
          // A browser's empty POST declares its length; autocannon leaves the header out for an empty body.
          headers: { ...signedInHeaders(patron, origin, true), 'content-length': '0' },
          body: '',
        };
      },
    },
    cart: {
      name: 'cart add (htmx fragment)',
      next: () => ({
        method: 'POST',
        path: '/cart',
        headers: signedInHeaders(pick(patrons), origin, true),
        body: `record_id=${pick(reservable).id}`,
      }),
    },
  };
}
