import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/time.ts';
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

describe('祝日開館・翌平日休館 and explicit open days', () => {
  /** 月曜休館（祝日の場合は開館し、翌平日休館）, holidays otherwise open. */
  const shifting = (extra: Partial<LibraryCalendar> = {}): LibraryCalendar => ({
    weeklyClosedDays: [1],
    closedOnNationalHolidays: false,
    holidayOnClosedDay: 'openNextWeekdayClosed',
    closures: new Set(),
    ...extra,
  });
  const reasons = (from: string, days: number, cal: LibraryCalendar) =>
    Array.from({ length: days }, (_, i) => {
      const date = addDays(from, i);
      return `${date} ${closedReason(date, cal) ?? 'open'}`;
    });

  it('opens a holiday Monday and closes the next weekday instead', () => {
    // 2026-11-23 勤労感謝の日 is a Monday.
    expect(reasons('2026-11-22', 4, shifting())).toEqual([
      '2026-11-22 open',
      '2026-11-23 open',
      '2026-11-24 afterHoliday',
      '2026-11-25 open',
    ]);
    // The same calendar without the rule keeps the Monday closed and Tuesday open.
    expect(reasons('2026-11-23', 2, shifting({ holidayOnClosedDay: 'closed' }))).toEqual(['2026-11-23 weekly', '2026-11-24 open']);
  });

  it('carries the closing over Golden Week and its substitute holiday to the first real weekday', () => {
    // 5/3 (Sun) 憲法記念日, 5/4 (Mon) みどりの日, 5/5 (Tue) こどもの日, 5/6 (Wed) 振替休日: closed on Thursday 5/7.
    expect(reasons('2026-05-02', 7, shifting())).toEqual([
      '2026-05-02 open',
      '2026-05-03 open',
      '2026-05-04 open',
      '2026-05-05 open',
      '2026-05-06 open',
      '2026-05-07 afterHoliday',
      '2026-05-08 open',
    ]);
    // Holidays closed: every one of them is closed, and Thursday is open.
    expect(reasons('2026-05-04', 4, { weeklyClosedDays: [1], closedOnNationalHolidays: true, closures: new Set() })).toEqual([
      '2026-05-04 weekly',
      '2026-05-05 holiday',
      '2026-05-06 holiday',
      '2026-05-07 open',
    ]);
  });

  it('handles the New Year: listed closures, then 成人の日 on a Monday moving the closing to Tuesday', () => {
    const newYear = shifting({ closures: new Set(['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) });
    expect(nextOpenDay('2026-12-29', newYear)).toBe('2027-01-05'); // 1/4 is a Monday, no holiday: closed.
    expect(reasons('2027-01-10', 3, newYear)).toEqual(['2027-01-10 open', '2027-01-11 open', '2027-01-12 afterHoliday']);
    // A due date landing on that Tuesday moves to Wednesday.
    expect(dueDateFrom('2026-12-29', 14, newYear)).toBe('2027-01-13');
  });

  it('lets an explicit open day override a closure, a weekly day and the day after a holiday', () => {
    const open = shifting({ closures: new Set(['2026-12-01']), openDays: new Set(['2026-12-01', '2026-11-30', '2026-11-24']) });
    expect(closedReason('2026-12-01', open)).toBeNull();
    expect(closedReason('2026-11-30', open)).toBeNull();
    expect(closedReason('2026-11-24', open)).toBeNull();
    expect(closedReason('2026-12-07', open)).toBe('weekly');
  });

  it('makes nothing up for a holiday Monday that a listed closure kept shut', () => {
    expect(reasons('2026-11-23', 2, shifting({ closures: new Set(['2026-11-23']) }))).toEqual(['2026-11-23 closure', '2026-11-24 open']);
  });
});
