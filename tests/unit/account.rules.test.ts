import { describe, expect, it } from 'vitest';
import { passwordWantsChanging } from '../../src/account/account.rules.ts';

describe('the password reminder', () => {
  const now = new Date('2026-12-04T10:00:00+09:00');
  const daysBefore = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

  it('comes once the password is the setting’s number of days old', () => {
    expect(passwordWantsChanging(daysBefore(365), now, 365)).toBe(true);
    expect(passwordWantsChanging(daysBefore(364), now, 365)).toBe(false);
    expect(passwordWantsChanging(daysBefore(31), now, 30)).toBe(true);
  });

  it('never comes for a password of unknown age, or when the setting is 0', () => {
    expect(passwordWantsChanging(null, now, 365)).toBe(false);
    expect(passwordWantsChanging(daysBefore(5000), now, 0)).toBe(false);
  });
});
