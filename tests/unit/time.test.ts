import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, libraryDate, weekday } from '../../src/time.ts';

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
