/** The reservation cart's queries: titles kept with the session, in the order they were added. */
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { LibraryRules } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { activeHoldsByMaterial, holdUsageOf, reservationTitles, type ReservationTitle } from '../holds/holds.repo.ts';
import { circulationTerms, type CirculationTerms } from '../patrons/patron-category.rules.ts';
import { decidePlacements, type LimitMeter, limitMeter, NO_USAGE, type RefusalReason } from '../holds/holds.rules.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import { MAX_CART_TITLES } from './cart.rules.ts';

type Db = Kysely<Database>;

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

/** What adding a title did, and how many titles the cart holds after it. */
export interface CartAddition {
  outcome: 'added' | 'alreadyIn' | 'full';
  titles: number;
}

/**
 * Puts a record in the cart unless it is there already or the cart holds
 * MAX_CART_TITLES: the check and the insertion are one statement.
 */
export async function addToCart(db: Db, sessionId: string, recordId: number, now: Date): Promise<CartAddition> {
  // A SELECT without FROM answers one row.
  const [row] = await addition(db, { sessionId, recordId, now });
  const held = Number(row!.held);
  if (row!.added) return { outcome: 'added', titles: held + 1 };
  // Not added and not there when the statement began: full, or the same title added at the same moment by another request.
  return { outcome: !row!.already_in && held >= MAX_CART_TITLES ? 'full' : 'alreadyIn', titles: held };
}

// Built and compiled once (reusableQuery): every press of 「カートに入れる」 runs it.
const addition = reusableQuery('cart_add', (db, { sessionId, recordId, now }: { sessionId: string; recordId: number; now: Date }) =>
  db
    .with('held', (qb) => qb.selectFrom('cart_items').select('record_id').where('session_id', '=', sessionId))
    .with('added', (qb) =>
      qb
        .insertInto('cart_items')
        .columns(['session_id', 'record_id', 'added_at'])
        .expression(
          qb
            // Typed: a bare parameter in a SELECT list would be taken for text.
            .selectNoFrom((eb) => [
              eb.cast(eb.val(sessionId), 'text').as('session_id'),
              eb.cast(eb.val(recordId), 'integer').as('record_id'),
              eb.cast(eb.val(now), 'timestamptz').as('added_at'),
            ])
            .where((eb) =>
              eb(
                eb.selectFrom('held').select((n) => n.fn.countAll().as('n')),
                '<',
                MAX_CART_TITLES,
              ),
            ),
        )
        .onConflict((oc) => oc.columns(['session_id', 'record_id']).doNothing())
        .returning('record_id'),
    )
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('added').select('record_id')).as('added'),
      eb.exists(eb.selectFrom('held').select('record_id').where('record_id', '=', recordId)).as('already_in'),
      eb
        .selectFrom('held')
        .select((n) => n.fn.countAll<number | string>().as('n'))
        .as('held'),
    ]),
);

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
  const holder = await cartHolder(db, sessionId, patronId);
  const limits = holder.patron ? circulationTerms(rules, holder.patron.category).holdLimits : rules.holdLimits;
  const found = await reservationTitles(db, holder.recordIds, patronId);
  const titles = holder.recordIds.flatMap((id) => found.get(id) ?? []);
  const holds = holder.patron?.holds ?? NO_USAGE;
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

/**
 * The cart's record ids, oldest first, and for a patron their category and
 * the holds counted against the limits: one statement, where each was one.
 */
async function cartHolder(db: Db, sessionId: string | null, patronId: number | null) {
  // A SELECT without FROM answers one row.
  const [row] =
    patronId === null
      ? await cartOfVisitor(db, { sessionId: sessionId ?? '' })
      : await cartOfPatron(db, { sessionId: sessionId ?? '', patronId });
  return {
    recordIds: row!.cart.map((item) => item.record_id),
    patron: patronId === null ? null : { category: row!.category ?? null, holds: holdUsageOf(row!.holds ?? []) },
  };
}

function cartHolderQuery(db: Db, sessionId: string, patronId: number | null) {
  return db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb.selectFrom('cart_items').select('record_id').where('session_id', '=', sessionId).orderBy('added_at').orderBy('record_id'),
      ).as('cart'),
    ])
    .$if(patronId !== null, (qb) =>
      qb.select((eb) => [
        eb.selectFrom('patrons').select('category').where('id', '=', patronId!).as('category'),
        jsonArrayFrom(activeHoldsByMaterial(db, patronId!)).as('holds'),
      ]),
    );
}

// Built and compiled once each (reusableQuery): the cart is read again after every addition and removal.
const cartOfVisitor = reusableQuery('cart_of_visitor', (db, { sessionId }: { sessionId: string }) => cartHolderQuery(db, sessionId, null));
const cartOfPatron = reusableQuery('cart_of_patron', (db, { sessionId, patronId }: { sessionId: string; patronId: number }) =>
  cartHolderQuery(db, sessionId, patronId),
);
