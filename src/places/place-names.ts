/** Pickup places as pages name them: the desk's place choosers and the patron support page read the same list. */
import type { Context } from 'hono';
import type { PlaceNames } from '../../templates/staff-circulation.tsx';
import type { AppEnv } from '../http/env.ts';

/** Pickup place names in the page's locale, in the configured order. */
export function placeNames(c: Context<AppEnv>): PlaceNames {
  return Object.fromEntries(c.var.deps.config.rules.pickupPlaces.map((p) => [p.code, p.name[c.var.locale]]));
}
