/**
 * Renewal from the account page. With htmx the loan's item is swapped for
 * the updated one and the outcome announced; without JavaScript the page
 * is reloaded (303 to /account) and says what happened. The rule is
 * decided again on locked rows, so what the page showed is never trusted.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { PageContext } from '../../templates/page-context.ts';
import { LoanFragment, LoanNotFoundFragment, LoanNotFoundPage, LoansSection, type LoansView } from '../../templates/loans.tsx';
import { Announcement } from '../../templates/parts/announce.tsx';
import { circulationContext } from '../circulation/circulation.repo.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { patronCategoryCode } from '../patrons/patron-category.repo.ts';
import { patronRules } from '../patrons/patron-category.rules.ts';
import { openLoans, renewAllLoans, renewLoan } from './loans.repo.ts';
import { parseLoanId } from './loans.rules.ts';
import { loanLine, type Outcome, outcomeMessage, renewAllNotice, renewedAllQuery } from './loans.view.ts';

/**
 * The time, today, the calendar and the rules of this request, with the
 * terms of the category of `termsOf`, a patron whose answer shows them; the
 * library's own otherwise (renewLoan applies the loan's patron's category
 * itself). The renewal is the patron's, so no staff member.
 */
async function renewalContext(c: Context<AppEnv>, termsOf: number | null) {
  const { db, config, clock } = c.var.deps;
  const rules = termsOf === null ? config.rules : patronRules(config.rules, await patronCategoryCode(db, termsOf));
  return { ...(await circulationContext(db, config, clock.now(), null)), rules };
}

function notFound(c: Context<AppEnv>, loanId: number | null) {
  return render(c, {
    title: c.var.t('loans.notFound.title'),
    status: 404,
    page: (pageContext) => <LoanNotFoundPage pageContext={pageContext} />,
    fragment: (pageContext) => <LoanNotFoundFragment pageContext={pageContext} loanId={loanId} />,
  });
}

/** Renews every loan; without JavaScript back to the account page naming the renewed ones, with htmx the list of outcomes. */
async function renewAll(c: Context<AppEnv>, patronId: number) {
  const { db } = c.var.deps;
  const ctx = await renewalContext(c, patronId);
  const outcomes = await renewAllLoans(db, ctx, patronId);
  const renewedIds = [...outcomes].filter(([, outcome]) => outcome.kind === 'renewed').map(([id]) => id);
  if (!wantsFragment(c)) return c.redirect(`/account?${renewedAllQuery(renewedIds)}#loans`, 303);
  // Each row as the transaction decided it, not a second reading.
  const shown = (id: number): Outcome | null => {
    const outcome = outcomes.get(id);
    if (outcome?.kind === 'renewed') return { kind: 'renewed' };
    return outcome?.kind === 'refused' ? { kind: 'refused', reason: outcome.reason } : null;
  };
  const loans = (await openLoans(db, patronId)).map((loan) => loanLine(loan, ctx, shown(loan.id)));
  const view: LoansView = {
    loans,
    notice: renewAllNotice(c.var.t, loans),
    renewalDays: ctx.rules.renewalDays,
    maxRenewals: ctx.rules.maxRenewals,
  };
  const section = (pageContext: PageContext) => (
    <>
      <LoansSection pageContext={pageContext} view={view} />
      <Announcement message={view.notice?.text ?? ''} />
    </>
  );
  return render(c, { title: c.var.t('loans.heading'), status: renewedIds.length > 0 ? 200 : 422, page: section, fragment: section });
}

/** Mounted at /account/loans; a visitor is answered here (HX-Redirect for htmx), not by the account pages' sign-in redirect. */
export const loansRoutes = new Hono<AppEnv>()
  .post('/renew', async (c) => {
    const patronId = patronOrSignIn(c, '/account');
    if (patronId instanceof Response) return patronId;
    return renewAll(c, patronId);
  })
  .post('/:loanId/renew', async (c) => {
    const patronId = patronOrSignIn(c, '/account');
    if (patronId instanceof Response) return patronId;
    const loanId = parseLoanId(c.req.param('loanId'));
    if (loanId === null) return notFound(c, null);
    const { db } = c.var.deps;
    // The answer shows one loan and no terms.
    const ctx = await renewalContext(c, null);
    const outcome = await renewLoan(db, ctx, { loanId, patronId });
    if (outcome.kind === 'notFound') return notFound(c, loanId);
    if (!wantsFragment(c)) {
      return c.redirect(`/account?${outcome.kind === 'renewed' ? 'renewed' : 'notRenewed'}=${loanId}#loan-${loanId}`, 303);
    }
    // The transaction's verdict and line, not a second reading: that is what happened.
    const shown: Outcome = outcome.kind === 'renewed' ? { kind: 'renewed' } : { kind: 'refused', reason: outcome.reason };
    const line = loanLine(outcome.loan, ctx, shown);
    const item = (pageContext: PageContext) => (
      <LoanFragment pageContext={pageContext} loan={line} message={outcomeMessage(c, line, shown)} />
    );
    return render(c, { title: c.var.t('loans.heading'), status: outcome.kind === 'renewed' ? 200 : 422, page: item, fragment: item });
  });
