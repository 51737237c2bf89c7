import { describe, expect, it } from 'vitest';
import {
  activeLock,
  checkNewPassword,
  patronLockPolicy,
  STAFF_BACKOFF,
  throttleRetryAfter,
  triesLeftToShow,
} from '../../src/auth/auth.rules.ts';
import { dailyAllowance, checkConfirmation } from '../../src/account/account.rules.ts';
import { parseEmail } from '../../src/patrons/patron.rules.ts';
import { defaultRules } from '../../src/config.ts';

const policy = defaultRules.password;
const patron = { cardNumber: '01000003', birthDate: '1950-01-20' };

describe('the password policy', () => {
  it.each(['hanako1', 'Ab3x', 'ｈａｎａｋｏ１', 'tosho2026', 'z9y8x7w6v5'])('accepts %j', (input) => {
    expect(checkNewPassword(input, patron, policy)).toEqual({ ok: true, password: input.normalize('NFKC') });
  });

  it.each([
    ['', 'empty'],
    ['ab1', 'tooShort'],
    ['abcdefg1234', 'tooLong'],
    ['x'.repeat(10_000), 'tooLong'],
    ['hana ko', 'characters'],
    ['はなこ1234', 'characters'],
    ['pass-1', 'characters'],
    ['19500120', 'birthDate'],
    ['１９５００１２０', 'birthDate'],
    ['01000003', 'cardNumber'],
    ['500120', 'birthDateForm'],
    ['0120', 'birthDateForm'],
    ['01201950', 'birthDateForm'],
    ['20011950', 'birthDateForm'],
    ['0000', 'repeated'],
    ['aaaa', 'repeated'],
    ['AAAaaa', 'repeated'],
    ['1234', 'sequence'],
    ['123456', 'sequence'],
    ['9876', 'sequence'],
    ['abcd', 'sequence'],
    ['ABCDEF', 'sequence'],
    ['password', 'common'],
    ['PassWord', 'common'],
    ['qwerty', 'common'],
    ['abc123', 'common'],
  ])('refuses %j: %s', (input, reason) => {
    expect(checkNewPassword(input, patron, policy)).toEqual({ ok: false, reason });
  });

  it('follows a configured length and character set', () => {
    const longer = { minLength: 12, maxLength: 64, characters: 'A-Za-z0-9!#$%&*+.?@_-' };
    expect(checkNewPassword('hanako1', patron, longer)).toEqual({ ok: false, reason: 'tooShort' });
    expect(checkNewPassword('hanako-1950!moon', patron, longer)).toEqual({ ok: true, password: 'hanako-1950!moon' });
  });
});

describe('the lockout and the address throttle', () => {
  const now = new Date('2026-12-01T01:00:00Z');

  it('sees a lock only until it ends', () => {
    expect(activeLock(null, now)).toBeNull();
    expect(activeLock(new Date('2026-12-01T01:00:01Z'), now)).toEqual(new Date('2026-12-01T01:00:01Z'));
    expect(activeLock(now, now)).toBeNull();
  });

  it('says the tries left from the third failure until the lock', () => {
    expect([0, 1, 2, 3, 4, 5].map((failures) => triesLeftToShow(failures, 5))).toEqual([null, null, null, 2, 1, null]);
    expect(triesLeftToShow(3, 10)).toBe(7);
  });

  it('locks a card for the configured minutes every time, a staff username for 30 seconds to 5 minutes', () => {
    expect(patronLockPolicy({ threshold: 5, minutes: 30 })).toEqual({ threshold: 5, firstLockSeconds: 1800, longestLockSeconds: 1800 });
    expect(STAFF_BACKOFF).toEqual({ threshold: 5, firstLockSeconds: 30, longestLockSeconds: 300 });
  });

  it('throttles an address at the limit, until its window ends', () => {
    const rule = { attempts: 3, windowMinutes: 15 };
    const started = new Date('2026-12-01T00:50:00Z');
    expect(throttleRetryAfter(undefined, now, rule)).toBeNull();
    expect(throttleRetryAfter({ windowStartedAt: started, failures: 2 }, now, rule)).toBeNull();
    expect(throttleRetryAfter({ windowStartedAt: started, failures: 3 }, now, rule)).toBe(300);
    expect(throttleRetryAfter({ windowStartedAt: started, failures: 30 }, new Date('2026-12-01T01:05:00Z'), rule)).toBeNull();
  });
});

describe('e-mail settings', () => {
  it.each([
    ['hanako@example.jp', 'hanako@example.jp'],
    [' Hanako@Example.JP ', 'Hanako@example.jp'],
    ['ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'hanako@example.jp'],
    ['taro..b.@docomo.ne.jp', 'taro..b.@docomo.ne.jp'],
  ])('reads %j as %s', (input, email) => {
    expect(parseEmail(input)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'empty'],
    ['hanako', 'format'],
    ['hanako@localhost', 'format'],
    ['a@b@example.jp', 'format'],
    ['はなこ@example.jp', 'format'],
    ['"x"@example.jp', 'format'],
    [`${'a'.repeat(250)}@example.jp`, 'tooLong'],
    ['a'.repeat(10_000), 'tooLong'],
  ])('refuses %j: %s', (input, reason) => {
    expect(parseEmail(input)).toEqual({ ok: false, reason });
  });

  it('confirms only an unused, unexpired link for the current address', () => {
    const now = new Date('2026-12-02T00:00:00Z');
    const link = { email: 'a@example.jp', expiresAt: new Date('2026-12-02T00:00:01Z'), usedAt: null };
    expect(checkConfirmation(link, 'a@example.jp', now)).toBe('valid');
    expect(checkConfirmation(link, 'b@example.jp', now)).toBe('invalid');
    expect(checkConfirmation(link, null, now)).toBe('invalid');
    expect(checkConfirmation({ ...link, usedAt: now }, 'a@example.jp', now)).toBe('invalid');
    expect(checkConfirmation({ ...link, expiresAt: now }, 'a@example.jp', now)).toBe('expired');
    expect(checkConfirmation(undefined, 'a@example.jp', now)).toBe('invalid');
  });

  it('allows a number of mails per 24 hours and says when the next one fits', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const at = (iso: string) => new Date(iso);
    const sent = [at('2026-12-01T11:00:00Z'), at('2026-12-01T13:00:00Z'), at('2026-12-02T08:00:00Z'), at('2026-12-02T09:00:00Z')];
    expect(dailyAllowance(sent, 4, now)).toEqual({ ok: true });
    expect(dailyAllowance(sent, 3, now)).toEqual({ ok: false, nextAt: at('2026-12-02T13:00:00Z') });
    expect(dailyAllowance(sent, 0, now)).toEqual({ ok: false, nextAt: at('2026-12-03T12:00:00Z') });
  });
});
