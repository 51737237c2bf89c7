/**
 * The service's log: JSON lines on stdout (pino), one per request and one per
 * worker job run, so IT can grep them or ship them to whatever they collect
 * logs with. `LOG_LEVEL` (trace, debug, info, warn, error, fatal, silent) sets
 * how much; the default is info.
 */
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { pino } from 'pino';

// Through process.stdout rather than pino's own fd writer, so the lines keep
// their order with the rest of the process's output.
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  process.stdout,
);

/**
 * Query fields whose values say nothing about a patron. Every other value is
 * left out of the log: a search (`q`) says what a patron reads, and tokens,
 * card numbers and `next` links identify or lead to a patron.
 */
const PLAIN_QUERY_FIELDS = new Set(['type', 'available', 'sort', 'page']);

/**
 * The request's path for the log: query values that could identify a patron, the card number in a staff URL
 * and the token of a calendar feed's URL (which opens a patron's loans) removed.
 */
export function loggablePath(url: string): string {
  const { pathname, searchParams } = new URL(url);
  const path = pathname
    .replace(/^\/staff\/patrons\/(?!new(?:\/|$))[^/]+/, '/staff/patrons/:card')
    .replace(/^\/calendar\/[^/]+/, '/calendar/:token');
  const fields = [...searchParams].map(([name, value]) =>
    PLAIN_QUERY_FIELDS.has(name) ? `${name}=${encodeURIComponent(value)}` : encodeURIComponent(name),
  );
  return fields.length > 0 ? `${path}?${fields.join('&')}` : path;
}

/**
 * One log line per request, with an `X-Request-Id` (the caller's, e.g. a load
 * balancer's, when it sends a short one; otherwise a new one) echoed in the
 * response, so a patron's "reference" and the proxy's log meet this line.
 */
export function requestLog(): MiddlewareHandler {
  const assignRequestId = requestId({ limitLength: 64 });
  return async (c, next) => {
    const started = performance.now();
    await assignRequestId(c, next);
    log.info(
      {
        request_id: c.get('requestId'),
        method: c.req.method,
        path: loggablePath(c.req.url),
        status: c.res.status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}
