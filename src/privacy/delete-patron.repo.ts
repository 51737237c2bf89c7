/**
 * Erasing a patron (SPEC §10 `delete-patron`): refused while a loan is out;
 * their active holds are cancelled first (a copy they had trapped goes on to
 * the next hold), then in one transaction every row naming them is unlinked
 * or deleted and the patron goes. What stays is anonymous: returned loans
 * and finished holds without a patron (the statistics), and audit entries
 * without the patron or their details.
 */
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit.repo.ts';
import { cancelHoldAtDesk, type CirculationContext } from '../circulation/circulation.repo.ts';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export type DeletePatronOutcome =
  | { kind: 'unknown' }
  | { kind: 'loansOut'; loans: number }
  /** A hold was placed while the others were being cancelled: try again. */
  | { kind: 'holdPlaced' }
  | { kind: 'deleted'; holdsCancelled: number; readingRecordUnlinked: number; holdsUnlinked: number; mailDeleted: number };

async function openLoans(db: Db, patronId: number): Promise<number> {
  const row = await db
    .selectFrom('loans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('patron_id', '=', patronId)
    .where('returned_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function activeHolds(db: Db, patronId: number) {
  return db
    .selectFrom('holds')
    .select('id')
    .where('patron_id', '=', patronId)
    .where('status', 'in', ['pending', 'in_transit', 'ready'])
    .execute();
}

/** Deletes the patron with this card; `ctx` is the acting staff member's (null for the command line). */
export async function deletePatron(db: Db, ctx: CirculationContext, cardNumber: string): Promise<DeletePatronOutcome> {
  const patron = await db.selectFrom('patrons').select('id').where('card_number', '=', cardNumber).executeTakeFirst();
  if (!patron) return { kind: 'unknown' };
  const loansBefore = await openLoans(db, patron.id);
  if (loansBefore > 0) return { kind: 'loansOut', loans: loansBefore };
  const active = await activeHolds(db, patron.id);
  let holdsCancelled = 0;
  for (const hold of active) if (await cancelHoldAtDesk(db, ctx, { holdId: hold.id, patronId: patron.id })) holdsCancelled += 1;
  return db.transaction().execute(async (tx) => {
    // Locked, so no checkout or hold can slip in between the checks and the delete.
    const locked = await tx.selectFrom('patrons').select('id').where('id', '=', patron.id).forUpdate().executeTakeFirst();
    if (!locked) return { kind: 'unknown' };
    const loans = await openLoans(tx, patron.id);
    if (loans > 0) return { kind: 'loansOut', loans };
    if ((await activeHolds(tx, patron.id)).length > 0) return { kind: 'holdPlaced' };
    const readingRecordUnlinked = await tx
      .updateTable('loans')
      .set({ patron_id: null })
      .where('patron_id', '=', patron.id)
      .executeTakeFirst();
    const holdsUnlinked = await tx.updateTable('holds').set({ patron_id: null }).where('patron_id', '=', patron.id).executeTakeFirst();
    const mail = await tx.deleteFrom('outbox').where('patron_id', '=', patron.id).executeTakeFirst();
    await tx.updateTable('audit_log').set({ patron_id: null, details: '{}' }).where('patron_id', '=', patron.id).execute();
    await tx.deleteFrom('sign_in_counts').where('realm', '=', 'patron').where('name', '=', cardNumber).execute();
    await tx.deleteFrom('sign_in_unlocks').where('card_number', '=', cardNumber).execute();
    // Sessions (with their carts), e-mail confirmations, reservation confirmations, favourites, new-arrival alerts, the calendar feed and push subscriptions (with their queued notices) go with the row (ON DELETE CASCADE).
    await tx.deleteFrom('patrons').where('id', '=', patron.id).execute();
    // That a patron was erased, and by whom; not who.
    await audit(tx, ctx, { action: 'patron-deleted' });
    return {
      kind: 'deleted',
      holdsCancelled,
      readingRecordUnlinked: Number(readingRecordUnlinked.numUpdatedRows),
      holdsUnlinked: Number(holdsUnlinked.numUpdatedRows),
      mailDeleted: Number(mail.numDeletedRows),
    };
  });
}
