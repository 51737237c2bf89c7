/**
 * Staff sign-in with the patrons' guards (sign-in-guard.repo.ts): the
 * per-address throttle, the account lockout on the staff table, and one
 * argon2 verification per attempt whether or not the username exists.
 */
import { randomBytes } from 'node:crypto';
import { activeLock, MAX_PASSWORD_INPUT, normalizePassword, throttleRetryAfter } from '../auth/auth.rules.ts';
import { hashPassword, verifyPassword } from '../auth/password-hash.ts';
import { clearFailedSignIns, findAddressFailures, recordAddressFailure, recordFailedSignIn } from '../auth/sign-in-guard.repo.ts';
import type { GuardDeps, GuardRefusal } from '../auth/sign-in.ts';
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
  const { db, config, now } = deps;
  const retryAfterSeconds = throttleRetryAfter(await findAddressFailures(db, deps.address), now, config.rules.addressThrottle);
  if (retryAfterSeconds !== null) return { kind: 'throttled', retryAfterSeconds };
  const username = parseUsername(input.username);
  if (!username.ok || input.password === '') {
    return { kind: 'invalid', username: username.ok ? null : username.reason, passwordMissing: input.password === '' };
  }
  const staff = await findStaffCredentials(db, username.username);
  const lock = staff ? activeLock(staff.lockedUntil, now) : null;
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const password = input.password.length > MAX_PASSWORD_INPUT ? '' : normalizePassword(input.password);
  const matches = await verifyPassword(staff && !lock ? staff.passwordHash : await dummyHash, password);
  if (staff && !lock && matches) {
    await clearFailedSignIns(db, 'staff', staff.id);
    return { kind: 'ok', staffId: staff.id };
  }
  await recordAddressFailure(db, deps.address, now, config.rules.addressThrottle);
  if (!staff) return { kind: 'wrong' };
  if (lock) return { kind: 'locked', until: lock };
  const state = await recordFailedSignIn(db, 'staff', staff.id, now, config.rules.lockout);
  const locked = activeLock(state.lockedUntil, now);
  return locked ? { kind: 'locked', until: locked } : { kind: 'wrong' };
}
