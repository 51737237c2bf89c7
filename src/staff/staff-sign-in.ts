/**
 * Staff sign-in with the patrons' guards (sign-in-guard.ts): the
 * per-address throttle, and each attempt counted against the username
 * before its password is checked. The username only backs off briefly
 * (STAFF_BACKOFF in auth.rules.ts), never the patrons' 30-minute lock, so
 * nobody can shut the staff out; it is counted whether or not an account has
 * it, and each attempt costs one argon2 verification either way, so no
 * answer tells which usernames exist.
 */
import { randomBytes } from 'node:crypto';
import { MAX_PASSWORD_INPUT, normalizePassword } from '../auth/auth.rules.ts';
import { hashPassword, verifyPassword } from '../auth/password-hash.ts';
import type { SignInName } from '../auth/sign-in-guard.repo.ts';
import {
  addressThrottled,
  admitAttempt,
  type GuardDeps,
  type GuardRefusal,
  settleRightAttempt,
  settleWrongAttempt,
} from '../auth/sign-in-guard.ts';
import { findStaffCredentials } from './staff.repo.ts';
import { parseUsername } from './staff.rules.ts';

export type StaffSignInOutcome =
  | GuardRefusal
  | { kind: 'invalid'; username: 'empty' | 'format' | null; passwordMissing: boolean }
  | { kind: 'wrong' }
  | { kind: 'ok'; staffId: number };

/** A hash of a random password, made once: verifying against it costs what a real verification costs. */
let dummyHash: Promise<string> | undefined;

export async function signInStaff(deps: GuardDeps, input: { username: string; password: string }): Promise<StaffSignInOutcome> {
  const throttled = await addressThrottled(deps);
  if (throttled) return throttled;
  const username = parseUsername(input.username);
  if (!username.ok || input.password === '') {
    return { kind: 'invalid', username: username.ok ? null : username.reason, passwordMissing: input.password === '' };
  }
  const who: SignInName = { realm: 'staff', name: username.username };
  const staff = await findStaffCredentials(deps.db, username.username);
  const admitted = await admitAttempt(deps, who);
  if (admitted.kind === 'throttled') return admitted;
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const password = input.password.length > MAX_PASSWORD_INPUT ? '' : normalizePassword(input.password);
  const matches = await verifyPassword(staff && admitted.kind === 'admitted' ? staff.passwordHash : await dummyHash, password);
  if (admitted.kind === 'locked') return admitted;
  if (staff && matches) return (await settleRightAttempt(deps, who)) ?? { kind: 'ok', staffId: staff.id };
  return (await settleWrongAttempt(deps, who)) ?? { kind: 'wrong' };
}
