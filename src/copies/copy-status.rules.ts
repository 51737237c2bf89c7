/**
 * What staff may set on one copy (SPEC §10 /staff/copies/:barcode): back on
 * the shelf, lost, withdrawn, reference only. Pure: the repository reads
 * the copy, these decide.
 */
import type { CopyStatus } from '../db/schema.ts';

export const copyChoices = ['on_shelf', 'lost', 'withdrawn', 'reference_only'] as const;
export type CopyChoice = (typeof copyChoices)[number];

const MAX_SHELF_MARK = 100;

export function parseCopyChoice(input: string): CopyChoice | null {
  return copyChoices.find((choice) => choice === input) ?? null;
}

/** The shelf mark as stored: NFKC, one line, trimmed; null when too long. */
export function parseShelfMark(input: string): string | null {
  const mark = input
    .normalize('NFKC')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return mark.length > MAX_SHELF_MARK ? null : mark;
}

/** The choice a copy's state reads as on the form; null while it circulates (on loan, in transit, on the hold shelf). */
export function currentChoice(copy: { status: CopyStatus; referenceOnly: boolean }): CopyChoice | null {
  if (copy.status === 'lost' || copy.status === 'withdrawn') return copy.status;
  if (copy.status === 'on_shelf') return copy.referenceOnly ? 'reference_only' : 'on_shelf';
  return null;
}

/**
 * Why this change is refused, or null. A copy on loan may only be marked
 * lost (the patron reports it: the loan closes); one in transit or on the
 * hold shelf may go lost or withdrawn (its hold goes back to the queue),
 * but comes back to the shelf only through a checkin.
 */
export function copyChangeRefusal(status: CopyStatus, choice: CopyChoice): 'onLoan' | 'inCirculation' | null {
  if (status === 'on_loan') return choice === 'lost' ? null : 'onLoan';
  if (status === 'in_transit' || status === 'on_hold_shelf') return choice === 'lost' || choice === 'withdrawn' ? null : 'inCirculation';
  return null;
}
