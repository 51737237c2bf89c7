import { describe, expect, it } from 'vitest';
import { closedReason, dueDateFrom, isNationalHoliday, type LibraryCalendar, nextOpenDay } from '../../src/calendar/calendar.rules.ts';

/** Closed on Mondays and national holidays, plus the dated closures given. */
const calendar = (closures: string[] = []): LibraryCalendar => ({
  weeklyClosedDays: [1],
  closedOnNationalHolidays: true,
  closures: new Set(closures),
});

describe('library calendar', () => {
  it('knows national holidays, substitute holidays included', () => {
    expect(isNationalHoliday('2026-05-04')).toBe(true);
    expect(isNationalHoliday('2026-05-05')).toBe(true);
    expect(isNationalHoliday('2026-05-06')).toBe(true); // こどもの日 振替休日
    expect(isNationalHoliday('2026-05-07')).toBe(false);
    expect(isNationalHoliday('2027-01-11')).toBe(true); // 成人の日
  });

  it.each([
    ['2026-11-30', 'weekly'], // a Monday
    ['2026-11-23', 'weekly'], // 勤労感謝の日 on a Monday: closed either way
    ['2026-11-03', 'holiday'], // 文化の日, a Tuesday
    ['2026-12-29', 'closure'],
    ['2026-12-01', null],
  ] as const)('%s is %s', (date, reason) => {
    expect(closedReason(date, calendar(['2026-12-29']))).toBe(reason);
  });

  it.each([
    // from, expected due date, why
    ['2026-11-14', '2026-11-28', 'a Saturday: open'],
    ['2026-11-16', '2026-12-01', 'due on Monday 11-30: moves to Tuesday'],
    ['2026-04-20', '2026-05-07', 'due Monday 05-04, then 05-05 and 05-06 holidays: moves to Thursday'],
    ['2026-04-21', '2026-05-07', 'due 05-05 (holiday)'],
    ['2026-04-22', '2026-05-07', 'due 05-06 (substitute holiday)'],
    ['2026-10-20', '2026-11-04', 'due 11-03 (文化の日, a Tuesday)'],
  ])('a 14-day loan from %s is due %s (%s)', (from, due) => {
    expect(dueDateFrom(from, 14, calendar())).toBe(due);
  });

  it('skips dated closures running into the weekly closed day', () => {
    // 年末年始: 12-28 to 01-04 closed; 01-05 2027 is a Tuesday.
    const yearEnd = ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'];
    expect(dueDateFrom('2026-12-14', 14, calendar(yearEnd))).toBe('2027-01-05');
  });

  it('follows a configuration with no weekly closed day and holidays open', () => {
    const open: LibraryCalendar = { weeklyClosedDays: [], closedOnNationalHolidays: false, closures: new Set() };
    expect(nextOpenDay('2026-05-04', open)).toBe('2026-05-04');
  });

  it('refuses a calendar with no open day', () => {
    const never: LibraryCalendar = { weeklyClosedDays: [0, 1, 2, 3, 4, 5, 6], closedOnNationalHolidays: true, closures: new Set() };
    expect(() => nextOpenDay('2026-12-01', never)).toThrow(RangeError);
  });
});
