/** The reservation cart's queries: titles kept with the session, in the order they were added. */
import type { Kysely } from 'kysely';
import type { LibraryRules } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { activeHoldUsage, reservationTitle, type ReservationTitle } from '../holds/holds.repo.ts';
import { circulationTerms, type CirculationTerms } from '../patrons/patron-category.rules.ts';
import { patronCategoryCode } from '../patrons/patron-category.repo.ts';
import { decidePlacements, type LimitMeter, limitMeter, NO_USAGE, type RefusalReason } from '../holds/holds.rules.ts';

type Db = Kysely<Database>;

/** The record ids in the session's cart, oldest first (the order a confirmation decides them in). */
export async function cartRecordIds(db: Db, sessionId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('cart_items')
    .select('record_id')
    .where('session_id', '=', sessionId)
    .orderBy('added_at')
    .orderBy('record_id')
    .execute();
  return rows.map((r) => r.record_id);
}

/** How many titles the session's cart holds (the header shows it on every page). */
export function cartSizeQuery(db: Db, sessionId: string) {
  return db
    .selectFrom('cart_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId);
}

/** At sign-in the new session takes over the titles the visitor put in the cart before (a SessionCarryOver). */
export async function moveCart(db: Db, from: string, to: string): Promise<void> {
  await db
    .insertInto('cart_items')
    .columns(['session_id', 'record_id', 'added_at'])
    .expression((eb) =>
      eb
        .selectFrom('cart_items')
        .select([eb.val(to).as('session_id'), 'record_id', 'added_at'])
        .where('session_id', '=', from),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Puts a record in the cart; false when it was there already. */
export async function addToCart(db: Db, sessionId: string, recordId: number, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('cart_items')
    .values({ session_id: sessionId, record_id: recordId, added_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'record_id']).doNothing())
    .returning('record_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes a record out of the cart; false when it was not there. */
export async function removeFromCart(db: Db, sessionId: string, recordId: number): Promise<boolean> {
  const result = await db.deleteFrom('cart_items').where('session_id', '=', sessionId).where('record_id', '=', recordId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * What confirming now would do with a title of the cart: reserve it, or
 * refuse it for the catalog's reason or because the limits are reached by
 * the titles before it (the same decision the confirmation makes).
 */
export type CartVerdict = { reservable: true } | { reservable: false; reason: RefusalReason };

export interface CartView {
  titles: (ReservationTitle & { verdict: CartVerdict })[];
  meter: LimitMeter;
  /** False for a visitor: the meter then counts the cart alone. */
  signedIn: boolean;
}

/** The cart as its page and the flow show it: each title with its reservable verdict, and the limit meter (the patron's category's limits). */
export async function loadCart(
  db: Db,
  sessionId: string | null,
  patronId: number | null,
  rules: Pick<LibraryRules, 'patronCategories'> & CirculationTerms,
): Promise<CartView> {
  const limits = patronId === null ? rules.holdLimits : circulationTerms(rules, await patronCategoryCode(db, patronId)).holdLimits;
  const titles: ReservationTitle[] = [];
  for (const id of sessionId ? await cartRecordIds(db, sessionId) : []) {
    const title = await reservationTitle(db, id, patronId);
    if (title) titles.push(title);
  }
  const holds = patronId === null ? NO_USAGE : await activeHoldUsage(db, patronId);
  const decisions = decidePlacements(holds, titles, limits);
  // Titles that will be refused for another reason would not use up a place.
  const counted = titles.filter((title) => title.reservability.reservable).map((title) => title.material);
  return {
    titles: titles.map((title, index) => {
      const decision = decisions[index]!;
      const verdict: CartVerdict = decision.place ? { reservable: true } : { reservable: false, reason: decision.reason };
      return { ...title, verdict };
    }),
    meter: limitMeter(holds, counted, limits),
    signedIn: patronId !== null,
  };
}
