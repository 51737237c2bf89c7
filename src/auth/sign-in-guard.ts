/**
 * The guards every sign-in form shares (patron sign-in, registration,
 * password change, staff sign-in), over sign-in-guard.repo.ts: the address
 * throttle, each attempt counted against its name before it is checked,
 * and what a failure leads to. A card number locks for the configured time
 * and its holder, if they have a confirmed address, is mailed a one-time
 * unlock link; a staff username only backs off (STAFF_BACKOFF).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { activeLock, type LockPolicy, patronLockPolicy, STAFF_BACKOFF, throttleRetryAfter, triesLeftToShow } from './auth.rules.ts';
import { countAttempt, findAddressFailures, findLockoutState, lockIfSpent, settleSuccess, type SignInName } from './sign-in-guard.repo.ts';
import { mailUnlockLink } from './unlock-link.repo.ts';

export interface GuardDeps {
  db: Kysely<Database>;
  config: Config;
  now: Date;
  address: string;
}

/** The refusals every sign-in form shares. */
export type GuardRefusal = { kind: 'throttled'; retryAfterSeconds: number } | { kind: 'locked'; until: Date };

/** The address's refusal when it is over its limit already, before anything is read or counted. */
export async function addressThrottled(deps: GuardDeps): Promise<GuardRefusal | null> {
  const failures = await findAddressFailures(deps.db, deps.address);
  const retryAfterSeconds = throttleRetryAfter(failures, deps.now, deps.config.rules.addressThrottle);
  return retryAfterSeconds === null ? null : { kind: 'throttled', retryAfterSeconds };
}

/** The lock a realm's names get: the configured one for cards, the short back-off for staff. */
function lockPolicy(deps: GuardDeps, realm: SignInName['realm']): LockPolicy {
  return realm === 'patron' ? patronLockPolicy(deps.config.rules.lockout) : STAFF_BACKOFF;
}

/** An attempt counted and allowed on to its check, with the name's failures so far (this one included). */
export type AdmittedAttempt = { kind: 'admitted'; failures: number };

/**
 * Counts an attempt before it is checked: a refusal when the address is
 * over its limit or the name is locked or has no tries left, else the
 * attempt admitted with its count.
 */
export async function admitAttempt(deps: GuardDeps, who: SignInName): Promise<GuardRefusal | AdmittedAttempt> {
  const { rules } = deps.config;
  const counted = await countAttempt(deps.db, { ...who, address: deps.address }, deps.now, {
    lock: lockPolicy(deps, who.realm),
    addressThrottle: rules.addressThrottle,
  });
  const retryAfterSeconds =
    counted.address.failures > rules.addressThrottle.attempts ? throttleRetryAfter(counted.address, deps.now, rules.addressThrottle) : null;
  if (retryAfterSeconds !== null) return { kind: 'throttled', retryAfterSeconds };
  const state = counted.account ?? (await findLockoutState(deps.db, who));
  const lock = activeLock(state.lockedUntil, deps.now);
  if (!lock) return { kind: 'admitted', failures: state.failures };
  if (counted.lockedNow) await offerUnlock(deps, who, lock);
  return { kind: 'locked', until: lock };
}

/** A wrong password or identity: the lock it led to, if the name's tries are spent. */
export async function settleWrongAttempt(deps: GuardDeps, who: SignInName): Promise<GuardRefusal | null> {
  const state = await lockIfSpent(deps.db, who, deps.now, lockPolicy(deps, who.realm));
  const lock = activeLock(state.lockedUntil, deps.now);
  if (!lock) return null;
  if (state.lockedNow) await offerUnlock(deps, who, lock);
  return { kind: 'locked', until: lock };
}

/** A right password or identity: null when it may sign in, the lock when a concurrent attempt locked the name meanwhile. */
export async function settleRightAttempt(deps: GuardDeps, who: SignInName): Promise<GuardRefusal | null> {
  if (await settleSuccess(deps.db, who, deps.address, deps.now)) return null;
  const lock = activeLock((await findLockoutState(deps.db, who)).lockedUntil, deps.now);
  return lock ? { kind: 'locked', until: lock } : null;
}

/** The tries left after a failure that did not lock, for the answer to say from the third failure on; the same for every name. */
export function triesLeft(deps: GuardDeps, who: SignInName, failures: number): number | null {
  return triesLeftToShow(failures, lockPolicy(deps, who.realm).threshold);
}

/** The lock just set on a card: its holder, if they have a confirmed address, gets the one-time unlock link. */
async function offerUnlock(deps: GuardDeps, who: SignInName, until: Date): Promise<void> {
  if (who.realm !== 'patron') return;
  const { mailFrom, siteUrl } = deps.config;
  await mailUnlockLink(deps.db, { cardNumber: who.name, until }, { now: deps.now, mailFrom, siteUrl });
}
