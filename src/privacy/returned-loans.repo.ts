/**
 * A returned loan forgets its patron (SPEC §12): the loan keeps only what
 * the anonymous statistics need (copy, days, places) unless the patron keeps
 * a reading record, and the audit entries of the loan (checkout, renewals,
 * checkin: those naming it as `details.loanId`) lose the patron in any case:
 * staff read the audit log, and a reading record is the patron's alone.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** The loan an audit entry names (`details.loanId`), or NULL; the CASE keeps the cast away from any other value. */
export const namedLoanId = sql<number>`(CASE WHEN jsonb_typeof(audit_log.details->'loanId') = 'number' THEN (audit_log.details->>'loanId')::integer END)`;

/** True for an audit entry that names a loan. */
export const namesLoan = sql<boolean>`${namedLoanId} IS NOT NULL`;

/** Unlinks a just-returned loan from its patron (unless they keep a reading record) and the loan's audit entries from them. */
export async function forgetReturnedLoan(db: Db, loan: { id: number; patronId: number | null }): Promise<void> {
  if (loan.patronId === null) return;
  await db
    .updateTable('loans')
    .set({ patron_id: null })
    .where('id', '=', loan.id)
    .where('returned_at', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('patrons').select('id').whereRef('patrons.id', '=', 'loans.patron_id').where('keep_reading_record', '=', true),
        ),
      ),
    )
    .execute();
  await db
    .updateTable('audit_log')
    .set({ patron_id: null })
    .where('patron_id', '=', loan.patronId)
    .where(namesLoan)
    .where(namedLoanId, '=', loan.id)
    .execute();
}
