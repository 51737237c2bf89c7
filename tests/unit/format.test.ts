/** Dates as the library writes them, in both languages. */
import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatMonthDay } from '../../src/i18n/format.ts';

describe('dates as the library writes them', () => {
  it('writes a calendar date with its weekday, the same on every call', () => {
    for (let i = 0; i < 2; i++) {
      expect(formatCalendarDate('2026-12-08', 'ja')).toBe('2026年12月8日(火)');
      expect(formatCalendarDate('2026-12-08', 'en')).toBe('Tue, 8 December 2026');
      expect(formatMonthDay('2026-12-19', 'ja')).toBe('12月19日');
      expect(formatMonthDay('2026-12-19', 'en')).toBe('19 December');
    }
  });

  it('refuses a malformed date', () => {
    expect(() => formatCalendarDate('2026-13-45', 'ja')).toThrow(RangeError);
  });
});
