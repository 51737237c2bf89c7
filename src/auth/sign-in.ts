/**
 * Sign-in and new password registration as outcomes the routes render.
 * Both check the address throttle first, then count the attempt against
 * the address and, when the card exists, against the card BEFORE checking
 * it (sign-in-guard.repo.ts), so attempts sent at once cannot all pass the
 * checks before the first of them is counted. Every sign-in attempt that
 * reaches the password costs one argon2 verification, whether the card
 * exists, is locked or has no password, so response times do not tell
 * which cards exist.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { parseCardNumber, parseDate, phoneDigits } from '../patrons/patron.rules.ts';
import { findPatronCredentials, type PatronCredentials, savePassword } from './auth.repo.ts';
import {
  activeLock,
  checkNewPassword,
  MAX_PASSWORD_INPUT,
  normalizePassword,
  type PasswordRefusal,
  throttleRetryAfter,
} from './auth.rules.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import {
  countAttempt,
  findAddressFailures,
  findLockoutState,
  lockIfSpent,
  type LockoutState,
  settleSuccess,
  type SignInAccountTable,
} from './sign-in-guard.repo.ts';

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
  | { kind: 'wrong' }
  | { kind: 'noPassword'; legacy: boolean }
  | { kind: 'ok'; patronId: number };

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
  const patron = await findPatronCredentials(db, { cardNumber: card.cardNumber });
  const refused = await admitAttempt(deps, 'patrons', patron?.id ?? null);
  if (refused?.kind === 'throttled') return refused;
  const usable = refused ? null : patron?.passwordHash;
  const password = input.password.length > MAX_PASSWORD_INPUT ? '' : normalizePassword(input.password);
  const matches = await verifyPassword(usable ?? DUMMY_HASH, password);
  if (refused) return refused;
  if (patron && usable && matches) return (await settleRightAttempt(deps, 'patrons', patron.id)) ?? { kind: 'ok', patronId: patron.id };
  if (!patron) return { kind: 'wrong' };
  const locked = await settleWrongAttempt(deps, 'patrons', patron.id);
  if (locked) return locked;
  return patron.passwordHash ? { kind: 'wrong' } : { kind: 'noPassword', legacy: patron.legacyPassword };
}

export type RegistrationOutcome = GuardRefusal | { kind: 'invalid'; errors: RegistrationErrors } | { kind: 'mismatch' } | { kind: 'ok' };

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
  const patron = await findPatronCredentials(db, { cardNumber: parsed.cardNumber });
  const refused = await admitAttempt(deps, 'patrons', patron?.id ?? null);
  if (refused) return refused;
  if (!patron || !sameIdentity(patron, parsed))
    return (patron && (await settleWrongAttempt(deps, 'patrons', patron.id))) ?? { kind: 'mismatch' };
  const locked = await settleRightAttempt(deps, 'patrons', patron.id);
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

/**
 * Counts an attempt before it is checked: a refusal when the address is
 * over its limit or the account (`id`, null for an unknown card) is locked
 * or has no tries left, null when the attempt may go on.
 */
export async function admitAttempt(deps: GuardDeps, table: SignInAccountTable, id: number | null): Promise<GuardRefusal | null> {
  const { rules } = deps.config;
  const counted = await countAttempt(deps.db, { table, id, address: deps.address }, deps.now, rules);
  const retryAfterSeconds =
    counted.address.failures > rules.addressThrottle.attempts ? throttleRetryAfter(counted.address, deps.now, rules.addressThrottle) : null;
  if (retryAfterSeconds !== null) return { kind: 'throttled', retryAfterSeconds };
  if (id === null) return null;
  const lock = activeLock((counted.account ?? (await findLockoutState(deps.db, table, id))).lockedUntil, deps.now);
  return lock ? { kind: 'locked', until: lock } : null;
}

/** A wrong password or identity: the lock it led to, if the account's tries are spent. */
export async function settleWrongAttempt(deps: GuardDeps, table: SignInAccountTable, id: number): Promise<GuardRefusal | null> {
  const lock = activeLock((await lockIfSpent(deps.db, table, id, deps.now, deps.config.rules.lockout)).lockedUntil, deps.now);
  return lock ? { kind: 'locked', until: lock } : null;
}

/** A right password or identity: null when it may sign in, the lock when a concurrent attempt locked the account meanwhile. */
export async function settleRightAttempt(deps: GuardDeps, table: SignInAccountTable, id: number): Promise<GuardRefusal | null> {
  if (await settleSuccess(deps.db, table, id, deps.address, deps.now)) return null;
  return settleWrongAttempt(deps, table, id);
}

/**
 * The lock a failure led to: `state` is the count just recorded, or null
 * when a concurrent attempt locked the card first and it must be read again.
 */
export async function lockAfterFailure(deps: GuardDeps, patronId: number, state: LockoutState | null): Promise<GuardRefusal | null> {
  const lock = activeLock((state ?? (await findLockoutState(deps.db, 'patrons', patronId))).lockedUntil, deps.now);
  return lock ? { kind: 'locked', until: lock } : null;
}
