/** Builders for the loan tests: a copy lent to a patron, and the loan row as it stands. */
import type { Material } from '../../src/db/schema.ts';
import type { TestContext } from './app.ts';
import { addCopy, addLoan, addRecord } from './fixtures.ts';

export interface LentCopy {
  loanId: number;
  recordId: number;
  copyId: number;
  barcode: string;
}

/** Lends a new copy of a new record to the patron: checked out 10 days before the test clock, due `dueDate`. */
export async function lendTo(
  ctx: TestContext,
  patronId: number,
  options: { dueDate: string; material?: Material; renewals?: number; title?: string },
): Promise<LentCopy> {
  const recordId = await addRecord(ctx.db, { material: options.material ?? 'book', ...(options.title ? { title: options.title } : {}) });
  const copyId = await addCopy(ctx.db, recordId, { status: 'on_loan' });
  const checkedOutAt = new Date(ctx.clock.now().getTime() - 10 * 86_400_000);
  const loanId = await addLoan(ctx.db, {
    copy_id: copyId,
    patron_id: patronId,
    checked_out_at: checkedOutAt,
    due_date: options.dueDate,
    renewals: options.renewals ?? 0,
  });
  const copy = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
  return { loanId, recordId, copyId, barcode: copy.barcode };
}

/** The loan's due date and renewal count now. */
export function loanRow(ctx: TestContext, loanId: number) {
  return ctx.db.selectFrom('loans').select(['due_date', 'renewals', 'last_renewed_at']).where('id', '=', loanId).executeTakeFirstOrThrow();
}

/** The renewals written to the audit log for a loan. */
export async function renewalAudits(ctx: TestContext, loanId: number) {
  const rows = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'renew').orderBy('id').execute();
  return rows.filter((row) => row.details.loanId === loanId);
}
