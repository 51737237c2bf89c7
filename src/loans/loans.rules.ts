/**
 * Loan rules (SPEC §4): how many days a loan has left and whether it may be
 * renewed today, with the new due date or the reason it may not. Pure: the
 * repository reads the loan and the holds on its record, these decide,
 * `today` and the library calendar are passed in.
 */
import { dueDateFrom, type LibraryCalendar } from '../calendar/calendar.rules.ts';
import type { LibraryRules } from '../config.ts';
import type { CalendarDate, Material } from '../db/schema.ts';
import { daysBetween } from '../time.ts';

/** What the renewal rule needs to know about one open loan. */
export interface RenewalInputs {
  dueDate: CalendarDate;
  renewals: number;
  material: Material;
  /** Pending holds on the loan's record placed by anyone but the borrower. */
  othersPendingHolds: number;
}

export type RenewalRefusal = 'alreadyRenewed' | 'overdue' | 'held' | 'audiovisual';

export type RenewalDecision = { ok: true; dueDate: CalendarDate } | { ok: false; reason: RenewalRefusal };

/**
 * Whether the loan may be renewed on `today`, and until when. The order of
 * the checks is the order of the reasons' permanence: a patron told
 * 「予約が入っています」 could hope for later, one told 「延長済みです」 cannot.
 * Renewing on the due date itself is allowed; the day after, it is overdue.
 * The new due date counts from the renewal day, but an early renewal never
 * shortens the loan.
 */
export function renewal(
  loan: RenewalInputs,
  today: CalendarDate,
  rules: Pick<LibraryRules, 'renewalDays' | 'maxRenewals'>,
  calendar: LibraryCalendar,
): RenewalDecision {
  if (loan.material === 'av') return { ok: false, reason: 'audiovisual' };
  if (loan.renewals >= rules.maxRenewals) return { ok: false, reason: 'alreadyRenewed' };
  if (today > loan.dueDate) return { ok: false, reason: 'overdue' };
  if (loan.othersPendingHolds > 0) return { ok: false, reason: 'held' };
  const fromToday = dueDateFrom(today, rules.renewalDays, calendar);
  return { ok: true, dueDate: fromToday > loan.dueDate ? fromToday : loan.dueDate };
}

/** Days from `today` to the due date: 0 on the due date, negative once overdue. */
export function daysLeft(dueDate: CalendarDate, today: CalendarDate): number {
  return daysBetween(today, dueDate);
}

/** PostgreSQL's `integer`: a larger id would make the query fail instead of finding nothing. */
const MAX_ID = 2_147_483_647;

/** A loan id as the URL gives it: a positive integer that fits the column, or null for anything else. */
export function parseLoanId(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}
