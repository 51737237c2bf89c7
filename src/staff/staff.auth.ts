/**
 * Who may reach /staff: a session of an active staff account (a patron's
 * session is not one), and for admin pages the admin role. Pages get the
 * staff member as `c.var.staff`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { StaffRole } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { RoleNeeded } from '../http/errors.tsx';
import { findStaffMember, type StaffMember } from './staff.repo.ts';
import { roleAllows } from './staff.rules.ts';

/** Optional in the type so that shared helpers taking a Context<AppEnv> also take a staff page's context. */
export interface StaffEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { staff?: StaffMember };
}

/** The staff member requireStaff() let through. */
export function currentStaff(c: Context<StaffEnv>): StaffMember {
  const staff = c.var.staff;
  if (!staff) throw new HTTPException(403, { message: 'staff session needed' });
  return staff;
}

/** Sends visitors without a staff session to the staff sign-in, and back here afterwards. */
export function requireStaff(): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    // Sections mounted at /staff and below it both check; the first one's answer stands.
    if (c.var.staff) return next();
    const staffId = c.var.session?.staffId;
    const staff = staffId == null ? undefined : await findStaffMember(c.var.deps.db, staffId);
    if (!staff) {
      const url = new URL(c.req.url);
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(url.pathname + url.search)}` : '';
      return c.redirect(`/staff/login${back}`, 303);
    }
    c.set('staff', staff);
    await next();
  };
}

/** Refuses (403) a signed-in staff member whose role is not enough. */
export function requireRole(role: StaffRole): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    if (!roleAllows(currentStaff(c).role, role)) throw new RoleNeeded(role);
    await next();
  };
}
