/** Patron categories' terms: what a category sets replaces the library's, what it leaves out stays; codes read leniently. */
import { describe, expect, it } from 'vitest';
import { defaultRules, type LibraryRules } from '../../src/config.ts';
import { circulationTerms, patronCategory, patronRules, readCategory } from '../../src/patrons/patron-category.rules.ts';

const rules: LibraryRules = {
  ...defaultRules,
  patronCategories: [
    { code: 'shinai', name: { ja: '市内', en: 'City' } },
    { code: 'kouiki', name: { ja: '広域利用', en: 'Neighbouring towns' }, holdLimits: { av: 0 }, loanLimits: { total: 5 }, loanDays: 7 },
    {
      code: 'dantai',
      name: { ja: '団体貸出', en: 'Groups' },
      loanLimits: { total: 100, av: 20 },
      loanDays: 30,
      renewalDays: 30,
      maxRenewals: 2,
    },
  ],
};

const library = {
  holdLimits: defaultRules.holdLimits,
  loanLimits: defaultRules.loanLimits,
  loanDays: defaultRules.loanDays,
  renewalDays: defaultRules.renewalDays,
  maxRenewals: defaultRules.maxRenewals,
};

describe('circulationTerms', () => {
  it("gives no category, a category that changes nothing and a code the settings dropped the library's terms", () => {
    expect(circulationTerms(rules, null)).toEqual(library);
    expect(circulationTerms(rules, 'shinai')).toEqual(library);
    expect(circulationTerms(rules, 'retired-code')).toEqual(library);
  });

  it('lays each limit a category sets over the library’s, field by field', () => {
    expect(circulationTerms(rules, 'kouiki')).toEqual({
      holdLimits: { book: 10, av: 0, total: 11 },
      loanLimits: { total: 5, av: 10, overdueDays: 14 },
      loanDays: 7,
      renewalDays: 14,
      maxRenewals: 1,
    });
    expect(circulationTerms(rules, 'dantai')).toMatchObject({ loanLimits: { total: 100, av: 20, overdueDays: 14 }, maxRenewals: 2 });
  });

  it('keeps the rest of the rules as they are in patronRules', () => {
    const applied = patronRules(rules, 'kouiki');
    expect(applied.loanDays).toBe(7);
    expect(applied.timeZone).toBe(rules.timeZone);
    expect(applied.pickupPlaces).toBe(rules.pickupPlaces);
  });
});

describe('readCategory', () => {
  it.each([
    ['', { ok: true, code: null }],
    ['  ', { ok: true, code: null }],
    ['kouiki', { ok: true, code: 'kouiki' }],
    ['ＫＯＵＩＫＩ', { ok: true, code: 'kouiki' }],
    [' Shinai ', { ok: true, code: 'shinai' }],
    ['visitor', { ok: false }],
    ['広域利用', { ok: false }],
  ])('reads %j', (input, expected) => {
    expect(readCategory(rules, input)).toEqual(expected);
  });

  it('finds a category by its stored code only', () => {
    expect(patronCategory(rules, 'kouiki')?.name.ja).toBe('広域利用');
    expect(patronCategory(rules, null)).toBeUndefined();
    expect(patronCategory(defaultRules, 'kouiki')).toBeUndefined();
  });
});
