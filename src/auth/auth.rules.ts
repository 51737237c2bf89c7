/**
 * Sign-in rules: the password policy, the lockout and the per-address
 * throttle. Pure: no I/O, `now` passed in. Patrons' card numbers lock for
 * the configured 30 minutes; staff usernames only back off briefly (see
 * STAFF_BACKOFF), and both share the per-address throttle.
 */
import type { LibraryRules } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';

export type PasswordPolicy = LibraryRules['password'];

/** Each refusal has its own message, so the patron knows what to change. */
export type PasswordRefusal =
  'empty' | 'tooShort' | 'tooLong' | 'characters' | 'birthDate' | 'birthDateForm' | 'cardNumber' | 'repeated' | 'sequence' | 'common';

export type PasswordCheck = { ok: true; password: string } | { ok: false; reason: PasswordRefusal };

/** Longer input is not a password anyone typed; it is refused before any hashing. */
export const MAX_PASSWORD_INPUT = 200;

/**
 * Trivial passwords of the policy's shape that an attacker tries first.
 * Compared in lower case; runs like 1234 and abcd are caught as sequences.
 */
const COMMON_PASSWORDS = new Set([
  'password',
  'passw0rd',
  'pass',
  'pass1234',
  'qwerty',
  'qwerty123',
  'asdf',
  'asdfgh',
  'zxcv',
  'letmein',
  'welcome',
  'admin',
  'test',
  'guest',
  'library',
  'tosho',
  'toshokan',
  'abc123',
  'a1b2c3',
  'iloveyou',
  'master',
  'monkey',
  'dragon',
]);

/** The same NFKC step as the policy, for passwords typed at sign-in (full-width letters match half-width). */
export function normalizePassword(input: string): string {
  return input.normalize('NFKC');
}

/**
 * A new password checked against the policy: length and characters as
 * configured, never the birth date as YYYYMMDD (the old initial value) or
 * in another common form, never the card number, nothing trivial.
 */
export function checkNewPassword(
  input: string,
  patron: { cardNumber: string; birthDate: CalendarDate },
  policy: PasswordPolicy,
): PasswordCheck {
  if (input.length > MAX_PASSWORD_INPUT) return { ok: false, reason: 'tooLong' };
  const password = normalizePassword(input);
  const length = [...password].length;
  if (length === 0) return { ok: false, reason: 'empty' };
  if (!new RegExp(`^[${policy.characters}]+$`).test(password)) return { ok: false, reason: 'characters' };
  if (length < policy.minLength) return { ok: false, reason: 'tooShort' };
  if (length > policy.maxLength) return { ok: false, reason: 'tooLong' };
  const [year = '', month = '', day = ''] = patron.birthDate.split('-');
  if (password === `${year}${month}${day}`) return { ok: false, reason: 'birthDate' };
  if (password === patron.cardNumber) return { ok: false, reason: 'cardNumber' };
  if (birthDateForms(year, month, day).has(password)) return { ok: false, reason: 'birthDateForm' };
  const lower = password.toLowerCase();
  if (/^(.)\1+$/u.test(lower)) return { ok: false, reason: 'repeated' };
  if (isSequence(lower)) return { ok: false, reason: 'sequence' };
  if (COMMON_PASSWORDS.has(lower)) return { ok: false, reason: 'common' };
  return { ok: true, password };
}

/** The other ways people write their birth date as a password: 900102, 0102, 102, 01021990, 02011990. */
function birthDateForms(year: string, month: string, day: string): Set<string> {
  const yy = year.slice(2);
  const m = String(Number(month));
  const d = String(Number(day));
  return new Set([
    `${yy}${month}${day}`,
    `${month}${day}`,
    `${m}${day}`,
    `${m}${d}`,
    `${month}${day}${year}`,
    `${day}${month}${year}`,
    `${yy}${m}${d}`,
  ]);
}

/** 1234, 9876, abcd, zyxw: each character one step from the last, all in the same direction. */
function isSequence(text: string): boolean {
  if (text.length < 3) return false;
  const steps = new Set<number>();
  for (let i = 1; i < text.length; i += 1) steps.add(text.charCodeAt(i) - text.charCodeAt(i - 1));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

export type LockoutPolicy = LibraryRules['lockout'];

/**
 * How many consecutive failures lock a name, and for how long: the first
 * lock's length, doubled with each further lock since the last success, up
 * to the longest.
 */
export interface LockPolicy {
  threshold: number;
  firstLockSeconds: number;
  longestLockSeconds: number;
}

/** A card number locks for the configured time (30 minutes) every time; a confirmed e-mail address can end it early. */
export function patronLockPolicy(lockout: LockoutPolicy): LockPolicy {
  const seconds = lockout.minutes * 60;
  return { threshold: lockout.threshold, firstLockSeconds: seconds, longestLockSeconds: seconds };
}

/**
 * Staff usernames never lock for long: a 30-minute lock let anyone on the
 * internet shut out the only administrator. After 5 consecutive failures a
 * username waits 30 seconds; each further 5 failures before a success double
 * the wait, up to 5 minutes. What stops one address trying many passwords
 * is the per-address throttle (429), as for patrons.
 */
export const STAFF_BACKOFF: LockPolicy = { threshold: 5, firstLockSeconds: 30, longestLockSeconds: 5 * 60 };

/** The failure from which an answer says how many tries remain (SPEC §1: from the third). */
const TRIES_LEFT_SHOWN_FROM = 3;

/** The tries left before the lock, when the answer should say so; null before the third failure. */
export function triesLeftToShow(failures: number, threshold: number): number | null {
  if (failures < TRIES_LEFT_SHOWN_FROM || failures >= threshold) return null;
  return threshold - failures;
}

/** The end of the account's lock, or null when it may try to sign in now. */
export function activeLock(lockedUntil: Date | null, now: Date): Date | null {
  return lockedUntil && lockedUntil > now ? lockedUntil : null;
}

export type AddressThrottlePolicy = LibraryRules['addressThrottle'];

/** A client address's failures in its current window. */
export interface AddressFailures {
  windowStartedAt: Date;
  failures: number;
}

/**
 * Seconds until this address may try again (for Retry-After), or null
 * when it may try now: a fixed window that starts at its first failure.
 */
export function throttleRetryAfter(row: AddressFailures | undefined, now: Date, policy: AddressThrottlePolicy): number | null {
  if (!row || row.failures < policy.attempts) return null;
  const windowEnd = row.windowStartedAt.getTime() + policy.windowMinutes * 60_000;
  if (windowEnd <= now.getTime()) return null;
  return Math.ceil((windowEnd - now.getTime()) / 1000);
}
