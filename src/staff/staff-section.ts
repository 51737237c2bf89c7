/**
 * The frame of every staff feature's sub-app: no page is cached (they name
 * patrons), a staff session is needed, and an admin section needs the admin
 * role. app.ts mounts each feature's routes through it at the feature's own
 * base path, so no route file mounts another.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { StaffRole } from '../db/schema.ts';
import { requireRole, requireStaff, type StaffEnv } from './staff.auth.ts';

/**
 * Every staff page names patrons (their phone, e-mail, loans and holds): no browser or proxy keeps one,
 * so Back after a staff logout shows nothing of them.
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

/** A feature's routes behind the staff check (and the role check when `role` is admin). */
export function staffSection(routes: Hono<StaffEnv>, role: StaffRole = 'desk'): Hono<StaffEnv> {
  const section = new Hono<StaffEnv>();
  section.use('*', noStore, requireStaff(), requireRole(role));
  return section.route('/', routes);
}
