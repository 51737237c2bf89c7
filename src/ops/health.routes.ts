/** Liveness and readiness for a load balancer: /healthz never touches the database, /readyz does. */
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env.ts';

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  })
  .get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await sql`SELECT 1`.execute(c.var.deps.db);
      return c.json({ status: 'ready', database: c.var.deps.databaseKind });
    } catch (error) {
      return c.json({ status: 'unavailable', reason: (error as Error).message }, 503);
    }
  });
