import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDate, libraryDate, libraryNoon, weekday } from '../../src/time.ts';

describe('library calendar dates', () => {
  it('takes the date at the library, not at the server', () => {
    // 2026-12-01 00:30 in Tokyo is still November 30 in UTC.
    expect(libraryDate(new Date('2026-11-30T15:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-01');
    expect(libraryDate(new Date('2026-11-30T15:30:00Z'), 'UTC')).toBe('2026-11-30');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows weekdays and day differences', () => {
    expect(weekday('2026-11-30')).toBe(1);
    expect(daysBetween('2026-11-28', '2026-12-12')).toBe(14);
    expect(daysBetween('2026-12-12', '2026-11-28')).toBe(-14);
  });

  it('refuses a malformed date', () => {
    expect(() => addDays('2026/11/28', 1)).toThrow(RangeError);
  });
});

describe('library calendar dates around changes of offset', () => {
  const exact = (instant: Date, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
    const get = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${get('year')}-${get('month')}-${get('day')}`;
  };

  it.each([
    ['America/New_York', '2026-03-07T00:00:00Z'], // summer time starts
    ['America/New_York', '2026-10-31T00:00:00Z'], // and ends
    ['Europe/London', '2026-03-28T00:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T00:00:00Z'], // half-hour change
    ['Asia/Kathmandu', '2026-01-01T00:00:00Z'], // +05:45
    ['Pacific/Apia', '2011-12-28T00:00:00Z'], // Samoa skipped 30 December 2011
    ['Asia/Tokyo', '2026-11-28T00:00:00Z'],
  ])('agrees with Intl every 7 minutes for three days in %s from %s', (timeZone, from) => {
    const start = new Date(from).getTime();
    for (let t = start; t < start + 3 * 86_400_000; t += 7 * 60_000 + 13_000) {
      const instant = new Date(t);
      expect(libraryDate(instant, timeZone), instant.toISOString()).toBe(exact(instant, timeZone));
    }
  });

  it('keeps the day boundary to the millisecond', () => {
    expect(libraryDate(new Date('2026-11-30T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-11-30');
    expect(libraryDate(new Date('2026-11-30T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-12-01');
  });

  it('finds noon at the library on a date, in any zone and on a day the clocks change', () => {
    expect(libraryNoon('2026-12-20', 'Asia/Tokyo').toISOString()).toBe('2026-12-20T03:00:00.000Z');
    expect(libraryNoon('2026-12-20', 'UTC').toISOString()).toBe('2026-12-20T12:00:00.000Z');
    expect(libraryNoon('2026-03-08', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T19:00:00.000Z');
    // Kiritimati is 14 hours ahead: noon there is still the day before in UTC.
    expect(libraryNoon('2026-12-20', 'Pacific/Kiritimati').toISOString()).toBe('2026-12-19T22:00:00.000Z');
    for (const zone of ['Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(libraryDate(libraryNoon('2027-01-01', zone), zone)).toBe('2027-01-01');
    }
  });

  it('accepts only existing dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2027-02-29', '2026-13-01', '2026-2-3', '２０２６-１２-０１', '2026-12-01T00:00', ''])
      expect(isCalendarDate(bad)).toBe(false);
  });
});
