/** The patron a staff page's path names by card number (/staff/patrons/:card/…). */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { StaffEnv } from '../staff/staff.auth.ts';
import { patronOverview, type PatronOverview } from './patron-overview.repo.ts';
import { parseCardNumber } from './patron.rules.ts';

/** The patron named by the path's card number; 404 when there is none. */
export async function pathPatron(c: Context<StaffEnv>): Promise<PatronOverview> {
  const card = parseCardNumber(c.req.param('card') ?? '', c.var.deps.config.rules.cardNumberPattern);
  const patron = card.ok ? await patronOverview(c.var.deps.db, card.cardNumber) : null;
  if (!patron) throw new HTTPException(404);
  return patron;
}
