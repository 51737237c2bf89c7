/**
 * How loans read on the patron's pages: each loan's line with the renewal
 * rule's verdict for today, and the sentence reporting a renewal. The
 * account page and the renewal's own answer show the same lines.
 */
import type { Context } from 'hono';
import type { LoanLine, LoanNotice, LoanState, LoansView } from '../../templates/loans.tsx';
import { calendarAt, type LibraryCalendar } from '../calendar/calendar.rules.ts';
import type { LibraryRules } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { formatCalendarDate } from '../i18n/format.ts';
import { libraryDate } from '../time.ts';
import type { OpenLoan } from './loans.repo.ts';
import { daysLeft, parseLoanId, renewal } from './loans.rules.ts';

/** A renewal's outcome as the loan's line shows it. */
export type Outcome = Exclude<LoanState, { kind: 'renewable' }>;

/** What the renewal rule needs: today, the calendar and the rules. */
export interface RenewalDay {
  today: CalendarDate;
  calendar: LibraryCalendar;
  rules: LibraryRules;
}

/** What the page shows of a loan: the rule's verdict for today, unless a renewal's `outcome` is being reported. */
export function loanLine(loan: OpenLoan, ctx: RenewalDay, outcome: Outcome | null): LoanLine {
  const decision = renewal(loan, ctx.today, ctx.rules, calendarAt(ctx.calendar, loan.checkoutPlace));
  return {
    id: loan.id,
    title: loan.title,
    barcode: loan.barcode,
    checkedOutOn: libraryDate(loan.checkedOutAt, ctx.rules.timeZone),
    dueDate: loan.dueDate,
    daysLeft: daysLeft(loan.dueDate, ctx.today),
    state: outcome ?? (decision.ok ? { kind: 'renewable', newDueDate: decision.dueDate } : { kind: 'refused', reason: decision.reason }),
  };
}

/** The sentence that reports a renewal's outcome. */
export function outcomeMessage(c: Context<AppEnv>, line: LoanLine, outcome: Outcome): string {
  const { t, locale } = c.var;
  if (outcome.kind === 'renewed') return t('loans.done.renewed', { title: line.title, date: formatCalendarDate(line.dueDate, locale) });
  return t('loans.done.refused', { title: line.title, reason: t(`loans.reason.${outcome.reason}`) });
}

/** 「まとめて延長する」's summary: how many were renewed and how many not (each row says why). */
export function renewAllNotice(t: Context<AppEnv>['var']['t'], lines: LoanLine[]): LoanNotice {
  const renewed = lines.filter((line) => line.state.kind === 'renewed').length;
  const refused = lines.filter((line) => line.state.kind === 'refused').length;
  if (renewed === 0) return { text: t('loans.renewAll.none'), ok: false, focus: true };
  const text = refused === 0 ? t('loans.renewAll.doneAll', { renewed }) : t('loans.renewAll.done', { renewed, refused });
  return { text, ok: refused === 0, focus: true };
}

/** The loans 「まとめて延長する」 renewed, as the reload's address names them (`?renewedAll=3,5`). */
export function renewedAllQuery(renewedIds: number[]): string {
  return `renewedAll=${renewedIds.join(',')}`;
}

/** The ids of `?renewedAll=`, or null when the address has none; at most one a loan, anything else ignored. */
function parseRenewedAll(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  return value
    .split(',', MAX_REPORTED)
    .map(parseLoanId)
    .filter((id) => id !== null);
}

/** No patron has more loans than this; longer lists in an address are cut, not read. */
const MAX_REPORTED = 100;

/**
 * 貸出中一覧 for the account page, from the loans and calendar its
 * statement read. After a reload without JavaScript, `?renewed=` or
 * `?notRenewed=` names the loan to report on, and `?renewedAll=` the loans
 * 「まとめて延長する」 renewed.
 */
export function loansView(c: Context<AppEnv>, openLoans: OpenLoan[], ctx: RenewalDay): LoansView {
  const renewedAll = parseRenewedAll(c.req.query('renewedAll'));
  if (renewedAll !== null) {
    // Only loans that have been renewed are reported as renewed, whatever the address says.
    const outcome = (loan: OpenLoan): Outcome | null => (renewedAll.includes(loan.id) && loan.renewals > 0 ? { kind: 'renewed' } : null);
    const loans = openLoans.map((loan) => loanLine(loan, ctx, outcome(loan)));
    return { loans, notice: renewAllNotice(c.var.t, loans), renewalDays: ctx.rules.renewalDays, maxRenewals: ctx.rules.maxRenewals };
  }
  const renewedId = parseLoanId(c.req.query('renewed') ?? '');
  const reportId = renewedId ?? parseLoanId(c.req.query('notRenewed') ?? '');
  // Only a loan that has been renewed is reported as renewed, whatever the address says.
  const renewed = (loan: OpenLoan): Outcome | null => (loan.id === renewedId && loan.renewals > 0 ? { kind: 'renewed' } : null);
  const loans = openLoans.map((loan) => loanLine(loan, ctx, renewed(loan)));
  const reported = loans.find((line) => line.id === reportId);
  const outcome = reported?.state.kind === 'renewable' ? null : reported?.state;
  const notice = reported && outcome ? { text: outcomeMessage(c, reported, outcome), ok: outcome.kind === 'renewed' } : null;
  return { loans, notice, renewalDays: ctx.rules.renewalDays, maxRenewals: ctx.rules.maxRenewals };
}
