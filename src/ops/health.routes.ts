/**
 * Answers for the machines around the service: liveness and readiness for a
 * load balancer (/healthz never touches the database, /readyz does), and
 * robots.txt for crawlers.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env.ts';
import { log } from './log.ts';

/** The catalog may be indexed; a patron's and the staff's pages may not (nor would a crawler get past their sign-in). */
const ROBOTS_TXT = `User-agent: *
Disallow: /account
Disallow: /cart
Disallow: /reserve
Disallow: /login
Disallow: /register
Disallow: /staff
Disallow: /dev
`;

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  })
  .get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await sql`SELECT 1`.execute(c.var.deps.db);
      const replica = c.var.deps.catalogReads?.state() ?? null;
      // A replica that is down or behind does not make the service unready: its pages read from the primary.
      return c.json({ status: 'ready', database: c.var.deps.databaseKind, ...(replica ? { replica } : {}) });
    } catch (error) {
      // The error text names hosts, users and databases: it goes to the log, never to whoever asked.
      log.error({ err: error, request_id: c.get('requestId') }, 'readiness check: database unreachable');
      return c.json({ status: 'unavailable' }, 503);
    }
  })
  .get('/robots.txt', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.text(ROBOTS_TXT);
  });
