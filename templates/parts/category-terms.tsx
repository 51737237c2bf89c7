/** A patron category's loan and hold terms in two lines: the patron page at the desk and the guide say them alike. */
import type { CirculationTerms } from '../../src/patrons/patron-category.rules.ts';
import type { PageContext } from '../page-context.ts';

export function CategoryTerms({ pageContext, terms }: { pageContext: PageContext; terms: CirculationTerms }) {
  const { t } = pageContext;
  const { loanLimits, holdLimits } = terms;
  return (
    <>
      {t('categoryTerms.loans', { total: loanLimits.total, av: loanLimits.av, days: terms.loanDays, renewals: terms.maxRenewals })}
      <br />
      {t('categoryTerms.holds', { total: holdLimits.total, book: holdLimits.book, av: holdLimits.av })}
    </>
  );
}
