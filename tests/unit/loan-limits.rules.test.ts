import { describe, expect, it } from 'vitest';
import { isOverridable, loanLimitRefusal, parseOverride } from '../../src/circulation/loan-limits.rules.ts';

const limits = { total: 20, av: 10, overdueDays: 14 };
const today = '2026-12-01';

describe('loanLimitRefusal', () => {
  it('lends up to the total and the audiovisual limit, and refuses the next with its reason', () => {
    expect(loanLimitRefusal({ total: 19, av: 9, earliestDue: null }, 'av', limits, today)).toBeNull();
    expect(loanLimitRefusal({ total: 20, av: 0, earliestDue: null }, 'book', limits, today)).toBe('loanLimit');
    expect(loanLimitRefusal({ total: 12, av: 10, earliestDue: null }, 'av', limits, today)).toBe('avLoanLimit');
    expect(loanLimitRefusal({ total: 12, av: 10, earliestDue: null }, 'book', limits, today)).toBeNull();
  });

  it('stops borrowing once an item is more than the set days overdue, not on the last day', () => {
    expect(loanLimitRefusal({ total: 1, av: 0, earliestDue: '2026-11-17' }, 'book', limits, today)).toBeNull();
    expect(loanLimitRefusal({ total: 1, av: 0, earliestDue: '2026-11-16' }, 'book', limits, today)).toBe('overdueBlock');
    expect(loanLimitRefusal({ total: 1, av: 0, earliestDue: '2026-11-30' }, 'book', { ...limits, overdueDays: 0 }, today)).toBe(
      'overdueBlock',
    );
  });
});

describe('overrides', () => {
  it('lifts refusals about the patron, never those about the copy', () => {
    expect((['patronBlocked', 'patronExpired', 'loanLimit', 'avLoanLimit', 'overdueBlock'] as const).every(isOverridable)).toBe(true);
    expect(isOverridable('onLoan')).toBe(false);
    expect(isOverridable('referenceOnly')).toBe(false);
  });

  it('reads override=1 with a one-line reason', () => {
    expect(parseOverride('', 'anything')).toEqual({ kind: 'none' });
    expect(parseOverride('1', '  館長許可\u0000 ')).toEqual({ kind: 'ok', reason: '館長許可' });
    expect(parseOverride('1', ' \t')).toEqual({ kind: 'invalid', problem: 'empty' });
    expect(parseOverride('1', 'x'.repeat(201))).toEqual({ kind: 'invalid', problem: 'tooLong' });
  });
});
