/**
 * Renewal from the account page. With htmx the loan's item is swapped for
 * the updated one and the outcome announced; without JavaScript the page
 * is reloaded (303 to /account) and says what happened. The rule is
 * decided again on locked rows, so what the page showed is never trusted.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Shell } from '../../templates/shell.ts';
import {
  type LoanLine,
  LoanFragment,
  LoanNotFoundFragment,
  LoanNotFoundPage,
  type LoanState,
  type LoansView,
} from '../../templates/loans.tsx';
import { circulationContext } from '../circulation/circulation.repo.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { libraryDate } from '../time.ts';
import { type OpenLoan, openLoans, renewLoan } from './loans.repo.ts';
import { daysLeft, parseLoanId, renewal } from './loans.rules.ts';

type RenewalContext = Awaited<ReturnType<typeof renewalContext>>;

/** The time, today, the calendar and the rules of this request; the renewal is the patron's, so no staff member. */
async function renewalContext(c: Context<AppEnv>) {
  const { db, config, clock } = c.var.deps;
  return { ...(await circulationContext(db, config, clock.now(), null)), rules: config.rules };
}

/** A renewal's outcome as the loan's line shows it. */
type Outcome = Exclude<LoanState, { kind: 'renewable' }>;

/** What the renewal rule needs: today, the calendar and the rules. */
type RenewalDay = Pick<RenewalContext, 'today' | 'calendar' | 'rules'>;

/** What the page shows of a loan: the rule's verdict for today, unless a renewal's `outcome` is being reported. */
function loanLine(loan: OpenLoan, ctx: RenewalDay, outcome: Outcome | null): LoanLine {
  const decision = renewal(loan, ctx.today, ctx.rules, ctx.calendar);
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
function outcomeMessage(c: Context<AppEnv>, line: LoanLine, outcome: Outcome): string {
  const { t, locale } = c.var;
  if (outcome.kind === 'renewed') return t('loans.done.renewed', { title: line.title, date: formatCalendarDate(line.dueDate, locale) });
  return t('loans.done.refused', { title: line.title, reason: t(`loans.reason.${outcome.reason}`) });
}

/**
 * 貸出中一覧 for the account page, from the loans and calendar its
 * statement read. After a reload without JavaScript, `?renewed=` or
 * `?notRenewed=` names the loan to report on.
 */
export function loansView(c: Context<AppEnv>, openLoans: OpenLoan[], ctx: RenewalDay): LoansView {
  const renewedId = parseLoanId(c.req.query('renewed') ?? '');
  const reportId = renewedId ?? parseLoanId(c.req.query('notRenewed') ?? '');
  // Only a loan that has been renewed is reported as renewed, whatever the address says.
  const renewed = (loan: OpenLoan): Outcome | null => (loan.id === renewedId && loan.renewals > 0 ? { kind: 'renewed' } : null);
  const loans = openLoans.map((loan) => loanLine(loan, ctx, renewed(loan)));
  const reported = loans.find((line) => line.id === reportId);
  const outcome = reported?.state.kind === 'renewable' ? null : reported?.state;
  const notice = reported && outcome ? { text: outcomeMessage(c, reported, outcome), ok: outcome.kind === 'renewed' } : null;
  return { loans, notice, renewalDays: ctx.rules.renewalDays };
}

function notFound(c: Context<AppEnv>, loanId: number | null) {
  return render(c, {
    title: c.var.t('loans.notFound.title'),
    status: 404,
    page: (shell) => <LoanNotFoundPage shell={shell} />,
    fragment: (shell) => <LoanNotFoundFragment shell={shell} loanId={loanId} />,
  });
}

export const loansRoutes = new Hono<AppEnv>().post('/account/loans/:loanId/renew', async (c) => {
  const patronId = patronOrSignIn(c, '/account');
  if (patronId instanceof Response) return patronId;
  const loanId = parseLoanId(c.req.param('loanId'));
  if (loanId === null) return notFound(c, null);
  const { db } = c.var.deps;
  const ctx = await renewalContext(c);
  const outcome = await renewLoan(db, ctx, { loanId, patronId });
  if (outcome.kind === 'notFound') return notFound(c, loanId);
  if (!wantsFragment(c)) {
    return c.redirect(`/account?${outcome.kind === 'renewed' ? 'renewed' : 'notRenewed'}=${loanId}#loan-${loanId}`, 303);
  }
  const [loan] = await openLoans(db, patronId, loanId);
  // The loan was open a moment ago; returned since, it is reported as any other missing loan.
  if (!loan) return notFound(c, loanId);
  // The transaction's verdict, not a second reading: that is what happened.
  const shown: Outcome = outcome.kind === 'renewed' ? { kind: 'renewed' } : { kind: 'refused', reason: outcome.reason };
  const line = loanLine(loan, ctx, shown);
  const item = (shell: Shell) => <LoanFragment shell={shell} loan={line} message={outcomeMessage(c, line, shown)} />;
  return render(c, { title: c.var.t('loans.heading'), status: outcome.kind === 'renewed' ? 200 : 422, page: item, fragment: item });
});
