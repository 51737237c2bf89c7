/**
 * Sign-in and new password registration as outcomes the routes render.
 * Both check the address throttle first, then count the attempt against
 * the address and the card number BEFORE checking it (sign-in-guard.repo.ts),
 * so attempts sent at once cannot all pass the checks before the first of
 * them is counted. The count and the lock belong to the card number, known
 * or not, and every failure answers alike (`wrong` with the tries left, or
 * `locked`), so no answer tells which cards exist. Every sign-in attempt
 * that reaches the password costs one argon2 verification, whether the card
 * exists, is locked or has no password, so response times do not tell
 * either. When a card locks, a patron holding it with a confirmed address
 * is mailed a one-time unlock link (unlock-link.repo.ts).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { parseCardNumber, parseDate, phoneDigits } from '../patrons/patron.rules.ts';
import { findPatronCredentials, type PatronCredentials, savePassword } from './auth.repo.ts';
import {
  activeLock,
  checkNewPassword,
  type LockPolicy,
  MAX_PASSWORD_INPUT,
  normalizePassword,
  type PasswordRefusal,
  patronLockPolicy,
  STAFF_BACKOFF,
  throttleRetryAfter,
  triesLeftToShow,
} from './auth.rules.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { countAttempt, findAddressFailures, findLockoutState, lockIfSpent, settleSuccess, type SignInName } from './sign-in-guard.repo.ts';
import { mailUnlockLink } from './unlock-link.repo.ts';

/**
 * A hash of a password nobody knows, at the same parameters as real ones:
 * verifying against it costs what verifying a patron's password costs.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$vL45V67IfteKKYzuw9qgwQ$dym1fLkQPQ2xnfh/p2KYIb6F5qTbFuquaFoVgIlTZwM';

export interface GuardDeps {
  db: Kysely<Database>;
  config: Config;
  now: Date;
  address: string;
}

/** Outcomes both forms share. */
export type GuardRefusal = { kind: 'throttled'; retryAfterSeconds: number } | { kind: 'locked'; until: Date };

export type SignInOutcome =
  | GuardRefusal
  | { kind: 'invalid'; card: 'empty' | 'format' | null; passwordMissing: boolean }
  | WrongAttempt
  | { kind: 'ok'; patronId: number };

/** A wrong password, unknown card or card without a password alike; `triesLeft` from the third failure on. */
export type WrongAttempt = { kind: 'wrong'; triesLeft: number | null };

export interface SignInInput {
  cardNumber: string;
  password: string;
}

/** Checks a card number and password, counting failures; `ok` leaves starting the session to the caller. */
export async function signIn(deps: GuardDeps, input: SignInInput): Promise<SignInOutcome> {
  const { db, config } = deps;
  const throttled = await throttleCheck(deps);
  if (throttled) return throttled;
  const card = parseCardNumber(input.cardNumber, config.rules.cardNumberPattern);
  if (!card.ok || input.password === '') {
    return { kind: 'invalid', card: card.ok ? null : card.reason, passwordMissing: input.password === '' };
  }
  const who: SignInName = { realm: 'patron', name: card.cardNumber };
  const patron = await findPatronCredentials(db, { cardNumber: card.cardNumber });
  const admitted = await admitAttempt(deps, who);
  if (admitted.kind === 'throttled') return admitted;
  const usable = admitted.kind === 'locked' ? null : patron?.passwordHash;
  const password = input.password.length > MAX_PASSWORD_INPUT ? '' : normalizePassword(input.password);
  const matches = await verifyPassword(usable ?? DUMMY_HASH, password);
  if (admitted.kind === 'locked') return admitted;
  if (patron && usable && matches) return (await settleRightAttempt(deps, who)) ?? { kind: 'ok', patronId: patron.id };
  return (await settleWrongAttempt(deps, who)) ?? wrongAttempt(deps, who, admitted.failures);
}

export type RegistrationOutcome =
  GuardRefusal | { kind: 'invalid'; errors: RegistrationErrors } | { kind: 'mismatch'; triesLeft: number | null } | { kind: 'ok' };

export interface RegistrationInput {
  cardNumber: string;
  birthDate: string;
  phone: string;
  password: string;
  passwordConfirm: string;
}

/** What is wrong with each field of the registration form, before the patron record is read. */
export interface RegistrationErrors {
  cardNumber?: 'empty' | 'format';
  birthDate?: 'empty' | 'format' | 'impossible';
  phone?: 'empty';
  password?: PasswordRefusal;
  passwordConfirm?: 'empty' | 'different';
}

/**
 * New password registration (also the way back from a forgotten password):
 * the card, birth date and phone on file prove who the patron is. A
 * mismatch gets one answer whichever field was wrong, and counts like a
 * wrong password.
 */
export async function registerPassword(deps: GuardDeps & { mailFrom: string }, input: RegistrationInput): Promise<RegistrationOutcome> {
  const { db, config, now } = deps;
  const throttled = await throttleCheck(deps);
  if (throttled) return throttled;
  const parsed = parseRegistration(input, config);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const who: SignInName = { realm: 'patron', name: parsed.cardNumber };
  const patron = await findPatronCredentials(db, { cardNumber: parsed.cardNumber });
  const admitted = await admitAttempt(deps, who);
  if (admitted.kind !== 'admitted') return admitted;
  if (!patron || !sameIdentity(patron, parsed)) {
    const locked = await settleWrongAttempt(deps, who);
    return locked ?? { kind: 'mismatch', triesLeft: wrongAttempt(deps, who, admitted.failures).triesLeft };
  }
  const locked = await settleRightAttempt(deps, who);
  if (locked) return locked;
  const hash = await hashPassword(parsed.password);
  await savePassword(db, patron, { hash, notice: 'password-registered' }, { now, mailFrom: deps.mailFrom });
  return { kind: 'ok' };
}

interface ParsedRegistration {
  ok: true;
  cardNumber: string;
  birthDate: CalendarDate;
  phone: string;
  password: string;
}

function parseRegistration(input: RegistrationInput, config: Config): ParsedRegistration | { ok: false; errors: RegistrationErrors } {
  const errors: RegistrationErrors = {};
  const card = parseCardNumber(input.cardNumber, config.rules.cardNumberPattern);
  if (!card.ok) errors.cardNumber = card.reason;
  const birth = parseDate(input.birthDate);
  if (!birth.ok) errors.birthDate = birth.reason;
  const phone = phoneDigits(input.phone);
  if (phone === '') errors.phone = 'empty';
  // The policy needs the card and birth date; when those are wrong it still checks length and characters.
  const password = checkNewPassword(
    input.password,
    { cardNumber: card.ok ? card.cardNumber : '', birthDate: birth.ok ? birth.date : '0000-00-00' },
    config.rules.password,
  );
  if (!password.ok) errors.password = password.reason;
  if (input.passwordConfirm === '') errors.passwordConfirm = 'empty';
  else if (password.ok && normalizePassword(input.passwordConfirm) !== password.password) errors.passwordConfirm = 'different';
  if (!card.ok || !birth.ok || !password.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, cardNumber: card.cardNumber, birthDate: birth.date, phone, password: password.password };
}

function sameIdentity(patron: PatronCredentials, given: ParsedRegistration): boolean {
  // A patron with no phone on file cannot prove who they are here; the counter can help.
  return patron.birthDate === given.birthDate && patron.phone !== '' && patron.phone === given.phone;
}

async function throttleCheck(deps: GuardDeps): Promise<GuardRefusal | null> {
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

/** The answer to a failure that did not lock: the same for every name, with the tries left from the third failure. */
export function wrongAttempt(deps: GuardDeps, who: SignInName, failures: number): WrongAttempt {
  return { kind: 'wrong', triesLeft: triesLeftToShow(failures, lockPolicy(deps, who.realm).threshold) };
}

/** The lock just set on a card: its holder, if they have a confirmed address, gets the one-time unlock link. */
async function offerUnlock(deps: GuardDeps, who: SignInName, until: Date): Promise<void> {
  if (who.realm !== 'patron') return;
  const { mailFrom, siteUrl } = deps.config;
  await mailUnlockLink(deps.db, { cardNumber: who.name, until }, { now: deps.now, mailFrom, siteUrl });
}
