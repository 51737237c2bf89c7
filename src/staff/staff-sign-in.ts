/**
 * Staff sign-in with the patrons' guards (sign-in-guard.repo.ts): the
 * per-address throttle, the account lockout on the staff table, each
 * attempt counted before its password is checked, and one argon2
 * verification per attempt whether or not the username exists.
 */
import { randomBytes } from 'node:crypto';
import { MAX_PASSWORD_INPUT, normalizePassword, throttleRetryAfter } from '../auth/auth.rules.ts';
import { hashPassword, verifyPassword } from '../auth/password-hash.ts';
import { findAddressFailures } from '../auth/sign-in-guard.repo.ts';
import { admitAttempt, type GuardDeps, type GuardRefusal, settleRightAttempt, settleWrongAttempt } from '../auth/sign-in.ts';
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
  const refused = await admitAttempt(deps, 'staff', staff?.id ?? null);
  if (refused?.kind === 'throttled') return refused;
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const password = input.password.length > MAX_PASSWORD_INPUT ? '' : normalizePassword(input.password);
  const matches = await verifyPassword(staff && !refused ? staff.passwordHash : await dummyHash, password);
  if (refused) return refused;
  if (!staff) return { kind: 'wrong' };
  if (matches) return (await settleRightAttempt(deps, 'staff', staff.id)) ?? { kind: 'ok', staffId: staff.id };
  return (await settleWrongAttempt(deps, 'staff', staff.id)) ?? { kind: 'wrong' };
}
