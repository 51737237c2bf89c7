/** Which holds are active, as the statements that filter on them write it. */
import { sql } from 'kysely';
import type { HoldStatus } from '../db/schema.ts';

/** Holds that count against the limits and keep a patron from holding the record again. */
const ACTIVE: readonly HoldStatus[] = ['pending', 'in_transit', 'ready'];

/**
 * ACTIVE written into the statement rather than sent as parameters: the
 * partial indexes holds_active_by_patron and holds_active_by_record (WHERE
 * status IN those three) can serve a prepared statement's generic plan only
 * if the planner sees the values. With parameters the account page's
 * statement had no usable generic plan, and PostgreSQL planned it afresh on
 * every page.
 */
export const ACTIVE_IN_STATEMENT = ACTIVE.map((status) => sql.lit(status));
