/**
 * Patron records written at the counter: registration, the edit form, block
 * and unblock, and card reissue. Each change and its audit line share a
 * transaction. Audit details name the fields changed, never their values:
 * the log outlives what it may keep of a person. Kysely only; `db` first.
 */
import type { Kysely } from 'kysely';
import { audit, type AuditContext } from '../audit/audit.repo.ts';
import type { Database } from '../db/schema.ts';
import type { NewPatron, PatronDetails } from './patron-form.rules.ts';

type Db = Kysely<Database>;

/** Why a card number cannot be given to a patron: another patron has it, or a reissue retired it. */
export type CardRefusal = 'inUse' | 'retired';

async function cardRefusal(db: Db, cardNumber: string): Promise<CardRefusal | null> {
  const retired = await db
    .selectFrom('retired_card_numbers')
    .select('card_number')
    .where('card_number', '=', cardNumber)
    .executeTakeFirst();
  if (retired) return 'retired';
  const used = await db.selectFrom('patrons').select('id').where('card_number', '=', cardNumber).executeTakeFirst();
  return used ? 'inUse' : null;
}

/** Registers a new patron (no password until they register one); refuses a card number in use or retired. */
export async function registerPatron(db: Db, ctx: AuditContext, patron: NewPatron): Promise<{ kind: 'ok' } | { kind: CardRefusal }> {
  return db.transaction().execute(async (tx) => {
    const refusal = await cardRefusal(tx, patron.cardNumber);
    if (refusal) return { kind: refusal };
    const row = await tx
      .insertInto('patrons')
      .values({
        card_number: patron.cardNumber,
        name: patron.name,
        name_kana: patron.nameKana,
        birth_date: patron.birthDate,
        phone: patron.phone,
        email: patron.email,
        category: patron.category,
      })
      .onConflict((oc) => oc.column('card_number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { kind: 'inUse' };
    await audit(tx, ctx, { action: 'patron-registered', patronId: row.id });
    return { kind: 'ok' };
  });
}

/**
 * Saves the edit form; returns the names of the fields that changed. A new
 * e-mail address is unconfirmed until the patron confirms it from their
 * account page, and any bounce of the old one no longer applies.
 */
export async function updatePatronDetails(db: Db, ctx: AuditContext, patronId: number, details: PatronDetails): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('patrons')
      .select(['name', 'name_kana', 'phone', 'email', 'expires_on', 'category'])
      .where('id', '=', patronId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = {
      name: details.name,
      name_kana: details.nameKana,
      phone: details.phone,
      email: details.email,
      expires_on: details.expiresOn,
      category: details.category,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((field) => before[field] !== after[field]);
    if (changed.length === 0) return changed;
    const emailReset = changed.includes('email')
      ? { email_confirmed_at: null, email_undeliverable_at: null, email_undeliverable_reason: null }
      : {};
    await tx
      .updateTable('patrons')
      .set({ ...after, ...emailReset })
      .where('id', '=', patronId)
      .execute();
    await audit(tx, ctx, { action: 'patron-edited', patronId, details: { fields: changed } });
    return changed;
  });
}

/** Blocks borrowing and reserving with a reason, or lifts the block (reason null). */
export async function setPatronBlock(db: Db, ctx: AuditContext, patronId: number, reason: string | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('patrons').set({ blocked_reason: reason }).where('id', '=', patronId).execute();
    await audit(tx, ctx, { action: reason === null ? 'patron-unblocked' : 'patron-blocked', patronId });
  });
}

/**
 * A new card number on the same record. The old number is retired (never
 * issued again) and stops working at once: sign-in finds nobody by it, and
 * the patron's sessions end, since whoever holds the lost card may have used it.
 */
export async function reissueCard(
  db: Db,
  ctx: AuditContext,
  patron: { id: number; cardNumber: string },
  newCardNumber: string,
): Promise<{ kind: 'ok' } | { kind: CardRefusal }> {
  return db.transaction().execute(async (tx) => {
    const refusal = await cardRefusal(tx, newCardNumber);
    if (refusal) return { kind: refusal };
    await tx
      .insertInto('retired_card_numbers')
      .values({ card_number: patron.cardNumber, patron_id: patron.id, retired_at: ctx.now })
      .execute();
    await tx.updateTable('patrons').set({ card_number: newCardNumber }).where('id', '=', patron.id).execute();
    await tx.deleteFrom('sessions').where('patron_id', '=', patron.id).execute();
    await audit(tx, ctx, { action: 'card-reissued', patronId: patron.id });
    return { kind: 'ok' };
  });
}
