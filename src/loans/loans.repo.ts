/**
 * A patron's open loans with what the renewal rule needs, in one query, and
 * the renewal itself. A renewal runs in one transaction that locks the loan
 * and then its record, the lock every hold placement (holds.repo) and every
 * trapping (circulation.repo) takes before touching the record's holds: a
 * hold placed during a renewal either committed before the record lock was
 * granted (and is counted) or waits until the renewal has committed.
 */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate, Database, Material } from '../db/schema.ts';
import { auditLine } from '../audit/audit.repo.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import { calendarAt } from '../calendar/calendar.rules.ts';
import type { CirculationContext } from '../circulation/circulation.repo.ts';
import { circulationTerms } from '../patrons/patron-category.rules.ts';
import { type RenewalDecision, type RenewalRefusal, renewal } from './loans.rules.ts';

type Db = Kysely<Database>;

/** One open loan as the account page lists it. */
export interface OpenLoan {
  id: number;
  title: string;
  barcode: string;
  material: Material;
  checkedOutAt: Date;
  dueDate: CalendarDate;
  renewals: number;
  othersPendingHolds: number;
  /** Where it was lent: its renewal's due date follows that place's calendar (null for loans from before places were kept). */
  checkoutPlace: string | null;
}

/**
 * The patron's open loans, soonest due first, each with the count of other
 * patrons' pending holds on its record: one statement, however many loans.
 * Run by openLoans, or nested in the account page's statement.
 */
export function openLoansQuery(db: Db, patronId: number) {
  return loanLines(db)
    .select([
      sql<number>`(select count(*) from holds h where h.record_id = r.id and h.status = 'pending' and h.patron_id <> l.patron_id)`.as(
        'held',
      ),
    ])
    .where('l.patron_id', '=', patronId)
    .where('l.returned_at', 'is', null)
    .orderBy('l.due_date')
    .orderBy('l.id');
}

/** Loans with what a loan's line shows of them, its copy and its record. */
function loanLines(db: Db) {
  return db
    .selectFrom('loans as l')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select([
      'l.id',
      'l.checked_out_at',
      'l.due_date',
      'l.renewals',
      'l.checkout_place',
      'c.barcode',
      'r.title',
      'r.issue_label',
      'r.material',
    ]);
}

type OpenLoanRow = Awaited<ReturnType<ReturnType<typeof openLoansQuery>['execute']>>[number];

/** A row of openLoansQuery as a loan; nested in JSON its time arrives as text. */
export function toOpenLoan(row: Omit<OpenLoanRow, 'checked_out_at'> & { checked_out_at: Date | string }): OpenLoan {
  return {
    id: row.id,
    // A magazine issue is named with its issue label, as the hold lists name it.
    title: row.issue_label ? `${row.title} ${row.issue_label}` : row.title,
    barcode: row.barcode,
    material: row.material,
    checkedOutAt: new Date(row.checked_out_at),
    dueDate: row.due_date,
    renewals: row.renewals,
    othersPendingHolds: Number(row.held),
    checkoutPlace: row.checkout_place,
  };
}

/** The patron's open loans, as openLoansQuery lists them. */
export async function openLoans(db: Db, patronId: number): Promise<OpenLoan[]> {
  return (await openLoansQuery(db, patronId).execute()).map(toOpenLoan);
}

/** What a renewal did, with the loan's line as it stands after it (its due date, renewals and the holds counted under the lock). */
export type RenewOutcome =
  | { kind: 'renewed'; dueDate: CalendarDate; loan: OpenLoan }
  | { kind: 'refused'; reason: RenewalRefusal; loan: OpenLoan }
  | { kind: 'notFound' };

/**
 * Renews the patron's open loan `loanId` if the rule allows it now, checked
 * on locked rows, and writes the renewal to the audit log (no staff member:
 * the patron did it). Another patron's loan, a returned one or an unknown
 * id is `notFound` and changes nothing.
 */
export async function renewLoan(db: Db, ctx: CirculationContext, input: { loanId: number; patronId: number }): Promise<RenewOutcome> {
  return db.transaction().execute(async (tx) => {
    const loan = await lockLoanAndRecord(tx, input);
    if (!loan) return { kind: 'notFound' };
    const othersPendingHolds = await othersPendingHoldsOn(tx, loan.record_id, input.patronId);
    const line = (dueDate: CalendarDate, renewals: number) =>
      toOpenLoan({ ...loan, due_date: dueDate, renewals, held: othersPendingHolds });
    const decision: RenewalDecision = renewal(
      { dueDate: loan.due_date, renewals: loan.renewals, material: loan.material, othersPendingHolds },
      ctx.today,
      circulationTerms(ctx.rules, loan.category),
      calendarAt(ctx.calendar, loan.checkout_place),
    );
    if (!decision.ok) return { kind: 'refused', reason: decision.reason, loan: line(loan.due_date, loan.renewals) };
    // The new due date and its audit line in one statement: the loan is locked, so the update always finds it.
    await tx
      .with('renewed', (qb) =>
        qb
          .updateTable('loans')
          .set({ due_date: decision.dueDate, renewals: loan.renewals + 1, last_renewed_at: ctx.now })
          .where('id', '=', loan.id),
      )
      .insertInto('audit_log')
      .values(
        auditLine(ctx, {
          action: 'renew',
          patronId: input.patronId,
          copyId: loan.copy_id,
          recordId: loan.record_id,
          details: { loanId: loan.id, from: loan.due_date, to: decision.dueDate, via: 'web' },
        }),
      )
      .execute();
    return { kind: 'renewed', dueDate: decision.dueDate, loan: line(decision.dueDate, loan.renewals + 1) };
  });
}

/**
 * 「まとめて延長する」: every open loan of the patron, soonest due first,
 * renewed as renewLoan renews one (its own transaction and the same rule),
 * so each loan's outcome is exactly what a single renewal would have said.
 */
export async function renewAllLoans(db: Db, ctx: Parameters<typeof renewLoan>[1], patronId: number): Promise<Map<number, RenewOutcome>> {
  const loans = await db
    .selectFrom('loans')
    .select('id')
    .where('patron_id', '=', patronId)
    .where('returned_at', 'is', null)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  const outcomes = new Map<number, RenewOutcome>();
  for (const { id } of loans) outcomes.set(id, await renewLoan(db, ctx, { loanId: id, patronId }));
  return outcomes;
}

/**
 * The patron's open loan with what its line shows, locked, and its record
 * locked after it, in one statement: the loan first, so concurrent renewals
 * of one loan queue there and the later ones see renewals = 1; then the
 * record with NO KEY UPDATE, as placeHolds and trapCopy take it, so they
 * wait for this renewal and it waits for them. A checkin locks in the same
 * order (the loan it closes, then the record it traps for).
 */
async function lockLoanAndRecord(db: Db, input: { loanId: number; patronId: number }) {
  const [loan] = await loanAndRecordLocked(db, input);
  return loan;
}

const loanAndRecordLocked = reusableQuery('renewal_loan_locked', (db, { loanId, patronId }: { loanId: number; patronId: number }) =>
  loanLines(db)
    .select(['l.copy_id', 'r.id as record_id'])
    .select((eb) => eb.selectFrom('patrons').select('category').where('id', '=', patronId).as('category'))
    .where('l.id', '=', loanId)
    .where('l.patron_id', '=', patronId)
    .where('l.returned_at', 'is', null)
    .forUpdate('l')
    .forNoKeyUpdate('r'),
);

/** Counted by a statement of its own, after the lock: a hold placement that held the lock has committed by then, and this sees its hold. */
async function othersPendingHoldsOn(db: Db, recordId: number, patronId: number): Promise<number> {
  const [held] = await othersPendingHolds(db, { recordId, patronId });
  return Number(held!.n);
}

const othersPendingHolds = reusableQuery(
  'renewal_others_pending_holds',
  (db, { recordId, patronId }: { recordId: number; patronId: number }) =>
    db
      .selectFrom('holds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('record_id', '=', recordId)
      .where('status', '=', 'pending')
      .where('patron_id', '<>', patronId),
);
