import { describe, expect, it } from 'vitest';
import type { LibraryCalendar } from '../../src/calendar/calendar.rules.ts';
import { daysLeft, parseLoanId, type RenewalInputs, renewal } from '../../src/loans/loans.rules.ts';

/** Closed on Mondays and national holidays, plus the year-end closures. */
const calendar: LibraryCalendar = {
  weeklyClosedDays: [1],
  closedOnNationalHolidays: true,
  closures: new Set(['2026-12-29', '2026-12-30', '2026-12-31']),
};
const rules = { renewalDays: 14, maxRenewals: 1 };
const book = (values: Partial<RenewalInputs> = {}): RenewalInputs => ({
  dueDate: '2026-12-08',
  renewals: 0,
  material: 'book',
  othersPendingHolds: 0,
  ...values,
});

describe('renewal rule', () => {
  it.each([
    // today, loan, expected, why
    ['2026-12-01', book(), { ok: true, dueDate: '2026-12-15' }, 'renewal day + 14, a Tuesday'],
    ['2026-12-01', book({ material: 'magazine' }), { ok: true, dueDate: '2026-12-15' }, 'magazines renew like books'],
    ['2026-12-08', book(), { ok: true, dueDate: '2026-12-22' }, 'on the due date itself: still allowed'],
    ['2026-12-09', book(), { ok: false, reason: 'overdue' }, 'the day after the due date: overdue'],
    ['2026-12-01', book({ renewals: 1 }), { ok: false, reason: 'alreadyRenewed' }, 'only once per loan'],
    ['2026-12-01', book({ othersPendingHolds: 1 }), { ok: false, reason: 'held' }, 'someone else waits for it'],
    ['2026-12-01', book({ material: 'av' }), { ok: false, reason: 'audiovisual' }, 'never for audiovisual'],
    ['2026-11-16', book({ dueDate: '2026-11-20' }), { ok: true, dueDate: '2026-12-01' }, '+14 is Monday 11-30 (closed): moves to Tuesday'],
    ['2026-10-20', book({ dueDate: '2026-10-25' }), { ok: true, dueDate: '2026-11-04' }, '+14 is 11-03 文化の日: moves to the next day'],
    [
      '2026-04-22',
      book({ dueDate: '2026-04-30' }),
      { ok: true, dueDate: '2026-05-07' },
      '+14 is 05-06 (substitute holiday) after Golden Week',
    ],
    [
      '2026-12-15',
      book({ dueDate: '2026-12-20' }),
      { ok: true, dueDate: '2027-01-02' },
      '+14 is 12-29, year-end closures, then 元日: moves to 01-02',
    ],
    [
      '2026-12-01',
      book({ dueDate: '2026-12-16' }),
      { ok: true, dueDate: '2026-12-16' },
      'early renewal that would shorten the loan keeps the current due date',
    ],
    ['2026-12-02', book({ dueDate: '2026-12-16' }), { ok: true, dueDate: '2026-12-16' }, 'the same date: nothing gained, nothing lost'],
    [
      '2026-12-09',
      book({ renewals: 1, othersPendingHolds: 2, material: 'av' }),
      { ok: false, reason: 'audiovisual' },
      'several reasons: the permanent one is given',
    ],
    [
      '2026-12-09',
      book({ renewals: 1, othersPendingHolds: 2 }),
      { ok: false, reason: 'alreadyRenewed' },
      'renewed, overdue and held: already renewed',
    ],
    ['2026-12-09', book({ othersPendingHolds: 2 }), { ok: false, reason: 'overdue' }, 'overdue and held: overdue'],
  ] as const)('on %s: %o → %o (%s)', (today, loan, expected, _why) => {
    expect(renewal(loan, today, rules, calendar)).toEqual(expected);
  });

  it('follows the configured number of renewals and period', () => {
    expect(renewal(book({ renewals: 1 }), '2026-12-01', { renewalDays: 7, maxRenewals: 2 }, calendar)).toEqual({
      ok: true,
      dueDate: '2026-12-08',
    });
    expect(renewal(book(), '2026-12-01', { renewalDays: 14, maxRenewals: 0 }, calendar)).toEqual({ ok: false, reason: 'alreadyRenewed' });
  });
});

describe('days left', () => {
  it.each([
    ['2026-12-08', '2026-12-01', 7],
    ['2026-12-01', '2026-12-01', 0],
    ['2026-11-25', '2026-12-01', -6],
  ])('due %s, today %s: %i', (due, today, days) => {
    expect(daysLeft(due, today)).toBe(days);
  });
});

describe('loan id from the address', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2147483647],
    ['2147483648', null],
    ['99999999999999999999', null],
    ['0', null],
    ['-1', null],
    ['01', null],
    ['1e3', null],
    ['abc', null],
    [' 1', null],
    ['１', null],
    ['', null],
  ])('%j → %j', (raw, id) => {
    expect(parseLoanId(raw)).toBe(id);
  });
});
