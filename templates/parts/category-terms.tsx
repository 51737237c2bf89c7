/** A patron category's loan and hold terms in two lines: the patron page at the desk and the guide say them alike. */
import type { CirculationTerms } from '../../src/patrons/patron-category.rules.ts';
import type { PageContext } from '../page-context.ts';

export function CategoryTerms({ pageContext, terms }: { pageContext: PageContext; terms: CirculationTerms }) {
  const { t } = pageContext;
  const { loanLimits, holdLimits } = terms;
  // A part never exceeds the whole: a category that lowers only the total lends no more audiovisual items than that.
  const part = (limit: number, total: number) => Math.min(limit, total);
  return (
    <>
      {t('categoryTerms.loans', {
        total: loanLimits.total,
        av: part(loanLimits.av, loanLimits.total),
        days: terms.loanDays,
        renewals: terms.maxRenewals,
      })}
      <br />
      {t('categoryTerms.holds', {
        total: holdLimits.total,
        book: part(holdLimits.book, holdLimits.total),
        av: part(holdLimits.av, holdLimits.total),
      })}
    </>
  );
}
