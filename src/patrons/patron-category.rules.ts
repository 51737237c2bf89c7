/**
 * Patron categories (利用者区分), the small circulation matrix of Koha and
 * Evergreen kept to what a Japanese city library varies by category: loan
 * and hold limits and the loan and renewal periods. A patron with no
 * category, or with one the settings no longer name, borrows on the
 * library's own terms. Pure: the settings and the stored code come in.
 */
import type { LibraryRules, PatronCategory } from '../config.ts';

/** What a category may change: the rest of the rules are the library's alone. */
export type CirculationTerms = Pick<LibraryRules, 'holdLimits' | 'loanLimits' | 'loanDays' | 'renewalDays' | 'maxRenewals'>;

type CategoryRules = CirculationTerms & Pick<LibraryRules, 'patronCategories'>;

/** The category the settings name by `code`; undefined for none, or for a code the settings dropped. */
export function patronCategory(rules: Pick<LibraryRules, 'patronCategories'>, code: string | null): PatronCategory | undefined {
  return code === null ? undefined : rules.patronCategories.find((category) => category.code === code);
}

/** The terms a patron of category `code` borrows and reserves on: the category's where it sets them, else the library's. */
export function circulationTerms(rules: CategoryRules, code: string | null): CirculationTerms {
  const category = patronCategory(rules, code);
  return {
    holdLimits: { ...rules.holdLimits, ...category?.holdLimits },
    loanLimits: { ...rules.loanLimits, ...category?.loanLimits },
    loanDays: category?.loanDays ?? rules.loanDays,
    renewalDays: category?.renewalDays ?? rules.renewalDays,
    maxRenewals: category?.maxRenewals ?? rules.maxRenewals,
  };
}

/** The library's rules as they apply to a patron of category `code`: its terms laid over the library's. */
export function patronRules(rules: LibraryRules, code: string | null): LibraryRules {
  return { ...rules, ...circulationTerms(rules, code) };
}

export type CategoryRead = { ok: true; code: string | null } | { ok: false };

/** A category chosen on a form or in an import: empty for none, else a code the settings name (any case, full-width or not). */
export function readCategory(rules: Pick<LibraryRules, 'patronCategories'>, input: string): CategoryRead {
  const code = input.normalize('NFKC').trim().toLowerCase();
  if (code === '') return { ok: true, code: null };
  return patronCategory(rules, code) ? { ok: true, code } : { ok: false };
}
