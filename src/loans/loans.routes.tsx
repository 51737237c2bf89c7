/**
 * Renewal from the account page. With htmx the loan's item is swapped for
 * the updated one and the outcome announced; without JavaScript the page
 * is reloaded (303 to /account) and says what happened. The rule is
 * decided again on locked rows, so what the page showed is never trusted.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { PageContext } from '../../templates/page-context.ts';
import { LoanFragment, type LoanLine, LoanNotFoundFragment, LoanNotFoundPage } from '../../templates/loans.tsx';
import { circulationContext } from '../circulation/circulation.repo.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { patronCategoryCode } from '../patrons/patron-category.repo.ts';
import { patronRules } from '../patrons/patron-category.rules.ts';
import { type OpenLoan, openLoans, renewLoan } from './loans.repo.ts';
import { parseLoanId } from './loans.rules.ts';
import { loanLine, type Outcome, outcomeMessage, type RenewalDay } from './loans.view.ts';

/** The time, today, the calendar and the rules of this request; the renewal is the patron's, so no staff member. */
async function renewalContext(c: Context<AppEnv>) {
  const { db, config, clock } = c.var.deps;
  return { ...(await circulationContext(db, config, clock.now(), null)), rules: config.rules };
}

/** The loan's line after the renewal, under the patron's own terms (their category's renewal period and count). */
async function renewedLine(c: Context<AppEnv>, ctx: RenewalDay, loan: OpenLoan, patronId: number, shown: Outcome): Promise<LoanLine> {
  const category = await patronCategoryCode(c.var.deps.db, patronId);
  return loanLine(loan, { ...ctx, rules: patronRules(ctx.rules, category) }, shown);
}

function notFound(c: Context<AppEnv>, loanId: number | null) {
  return render(c, {
    title: c.var.t('loans.notFound.title'),
    status: 404,
    page: (pageContext) => <LoanNotFoundPage pageContext={pageContext} />,
    fragment: (pageContext) => <LoanNotFoundFragment pageContext={pageContext} loanId={loanId} />,
  });
}

/** Mounted at /account/loans; a visitor is answered here (HX-Redirect for htmx), not by the account pages' sign-in redirect. */
export const loansRoutes = new Hono<AppEnv>().post('/:loanId/renew', async (c) => {
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
  const line = await renewedLine(c, ctx, loan, patronId, shown);
  const item = (pageContext: PageContext) => (
    <LoanFragment pageContext={pageContext} loan={line} message={outcomeMessage(c, line, shown)} />
  );
  return render(c, { title: c.var.t('loans.heading'), status: outcome.kind === 'renewed' ? 200 : 422, page: item, fragment: item });
});
