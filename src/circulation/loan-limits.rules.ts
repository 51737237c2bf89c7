/**
 * Checkout limits and blocks (SPEC §10): how many items a card may have on
 * loan, and how long one may be overdue before the card borrows nothing
 * more. Pure: the repository counts, these decide, `today` is passed in.
 */
import type { LibraryRules } from '../config.ts';
import type { CalendarDate, Material } from '../db/schema.ts';
import { daysBetween } from '../time.ts';
import type { CheckoutRefusal } from './circulation.rules.ts';

/** What the patron has on loan now. */
export interface LoansOnHand {
  total: number;
  av: number;
  /** The earliest due date among the open loans, null with none. */
  earliestDue: CalendarDate | null;
}

export type LoanLimitRefusal = 'loanLimit' | 'avLoanLimit' | 'overdueBlock';

/** Why one more loan of `material` would break the limits today, or null when it would not. */
export function loanLimitRefusal(
  onHand: LoansOnHand,
  material: Material,
  limits: LibraryRules['loanLimits'],
  today: CalendarDate,
): LoanLimitRefusal | null {
  if (onHand.earliestDue !== null && daysBetween(onHand.earliestDue, today) > limits.overdueDays) return 'overdueBlock';
  if (onHand.total >= limits.total) return 'loanLimit';
  if (material === 'av' && onHand.av >= limits.av) return 'avLoanLimit';
  return null;
}

/** Refusals about the patron, which staff may override with a reason; those about the copy stand. */
const overridable: ReadonlySet<string> = new Set(['patronBlocked', 'patronExpired', 'loanLimit', 'avLoanLimit', 'overdueBlock']);

export function isOverridable(refusal: CheckoutRefusal | LoanLimitRefusal): boolean {
  return overridable.has(refusal);
}

const MAX_OVERRIDE_REASON = 200;

export type OverrideRequest = { kind: 'none' } | { kind: 'ok'; reason: string } | { kind: 'invalid'; problem: 'empty' | 'tooLong' };

/** The override a checkout form asks for: `override=1` with a one-line reason (control characters dropped), or none. */
export function parseOverride(flag: string, reasonInput: string): OverrideRequest {
  if (flag !== '1') return { kind: 'none' };
  const reason = reasonInput
    .normalize('NFKC')
    .replace(/\p{Cc}/gu, ' ')
    .trim();
  if (reason === '') return { kind: 'invalid', problem: 'empty' };
  return reason.length > MAX_OVERRIDE_REASON ? { kind: 'invalid', problem: 'tooLong' } : { kind: 'ok', reason };
}
