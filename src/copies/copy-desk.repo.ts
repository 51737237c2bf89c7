/**
 * One copy at the staff desk: its state and history (from the audit log,
 * without patrons), and the status and shelf-mark change. A copy lost on
 * loan closes the loan (it then counts toward no limit and blocks no
 * deletion); a copy that disappears while trapped for a hold sends that
 * hold back to the queue at its place (placed_at is kept); a copy back on
 * the shelf is trapped for the next pending hold like a returned one.
 * Kysely only; `db` first.
 */
import type { Kysely } from 'kysely';
import { forgetReturnedLoan } from '../privacy/returned-loans.repo.ts';
import { audit } from '../audit/audit.repo.ts';
import { type CirculationContext, trapCopy } from '../circulation/circulation.repo.ts';
import type { CopyStatus, Database } from '../db/schema.ts';
import { type CopyChoice, copyChangeRefusal } from './copy-status.rules.ts';

type Db = Kysely<Database>;

export interface CopyPage {
  id: number;
  barcode: string;
  title: string;
  recordId: number;
  status: CopyStatus;
  referenceOnly: boolean;
  shelfMark: string;
  homePlace: string;
  currentPlace: string;
  /** The audit log's lines about this copy, newest first: what happened and which staff member did it. */
  history: { at: Date; action: string; staff: string | null }[];
}

const HISTORY_LINES = 30;

/** The copy by barcode (matched in its upper-case normal form), with its recent history. */
export async function findCopyPage(db: Db, barcode: string): Promise<CopyPage | undefined> {
  const copy = await db
    .selectFrom('copies')
    .innerJoin('records', 'records.id', 'copies.record_id')
    .select([
      'copies.id',
      'copies.barcode',
      'copies.status',
      'copies.reference_only',
      'copies.shelf_mark',
      'copies.home_place',
      'copies.current_place',
      'records.title',
      'records.id as record_id',
    ])
    .where((eb) => eb.fn('upper', ['copies.barcode']), '=', barcode.toUpperCase())
    .executeTakeFirst();
  if (!copy) return undefined;
  const history = await db
    .selectFrom('audit_log')
    .leftJoin('staff', 'staff.id', 'audit_log.staff_id')
    .select(['audit_log.at', 'audit_log.action', 'staff.username'])
    .where('audit_log.copy_id', '=', copy.id)
    .orderBy('audit_log.id', 'desc')
    .limit(HISTORY_LINES)
    .execute();
  return {
    id: copy.id,
    barcode: copy.barcode,
    title: copy.title,
    recordId: copy.record_id,
    status: copy.status,
    referenceOnly: copy.reference_only,
    shelfMark: copy.shelf_mark,
    homePlace: copy.home_place,
    currentPlace: copy.current_place,
    history: history.map((h) => ({ at: h.at, action: h.action, staff: h.username })),
  };
}

export type CopyChangeOutcome =
  { kind: 'ok'; loanClosed: boolean } | { kind: 'refused'; reason: 'onLoan' | 'inCirculation' } | { kind: 'notFound' };

/** Sets a copy's status and shelf mark, in one transaction that locks the copy first (as circulation does). */
export async function changeCopy(
  db: Db,
  ctx: CirculationContext,
  copyId: number,
  change: { choice: CopyChoice; shelfMark: string },
): Promise<CopyChangeOutcome> {
  return db.transaction().execute(async (tx) => {
    const copy = await tx.selectFrom('copies').selectAll().where('id', '=', copyId).forUpdate().executeTakeFirst();
    if (!copy) return { kind: 'notFound' };
    const refusal = copyChangeRefusal(copy.status, change.choice);
    if (refusal) return { kind: 'refused', reason: refusal };
    const loan = await tx
      .updateTable('loans')
      .set({ returned_at: ctx.now, returned_by: ctx.staffId })
      .where('copy_id', '=', copy.id)
      .where('returned_at', 'is', null)
      .returning(['id', 'patron_id'])
      .executeTakeFirst();
    // A loan closed as lost ends as a return does: what the patron borrowed is no longer kept against their name.
    if (loan) await forgetReturnedLoan(tx, { id: loan.id, patronId: loan.patron_id });
    await requeueTrappedHold(tx, copy.id);
    const referenceOnly = change.choice === 'reference_only' || (change.choice !== 'on_shelf' && copy.reference_only);
    const status = change.choice === 'lost' || change.choice === 'withdrawn' ? change.choice : 'on_shelf';
    await tx
      .updateTable('copies')
      .set({ status, reference_only: referenceOnly, shelf_mark: change.shelfMark })
      .where('id', '=', copy.id)
      .execute();
    if (status === 'on_shelf' && copy.status !== 'on_shelf')
      await trapCopy(tx, ctx, { ...copy, reference_only: referenceOnly }, copy.current_place);
    await audit(tx, ctx, {
      action: 'copy-changed',
      // No patron, as at a checkin: the loan's end is where what a patron read stops being kept (SPEC §12).
      patronId: null,
      copyId: copy.id,
      recordId: copy.record_id,
      details: { from: copy.status, to: change.choice, shelfMark: change.shelfMark, loanId: loan?.id ?? null },
    });
    return { kind: 'ok', loanClosed: loan !== undefined };
  });
}

/** A hold this copy was trapped for (in transit or ready) goes back to pending, keeping its place in the queue. */
async function requeueTrappedHold(tx: Db, copyId: number): Promise<void> {
  await tx
    .updateTable('holds')
    .set({
      status: 'pending',
      copy_id: null,
      trapped_at: null,
      ready_at: null,
      notified_at: null,
      pickup_deadline: null,
      pickup_stop_on: null,
      call_needed: false,
      called_at: null,
      called_by: null,
    })
    .where('copy_id', '=', copyId)
    .where('status', 'in', ['in_transit', 'ready'])
    .execute();
}
