/**
 * Sign-in and new password registration as outcomes the routes render.
 * Both check the address throttle first, then count the attempt against
 * the address and the card number BEFORE checking it (sign-in-guard.ts),
 * so attempts sent at once cannot all pass the checks before the first of
 * them is counted. The count and the lock belong to the card number, known
 * or not, and every failure answers alike (`wrong` with the tries left, or
 * `locked`), so no answer tells which cards exist. Every sign-in attempt
 * that reaches the password costs one argon2 verification, whether the card
 * exists, is locked or has no password, so response times do not tell
 * either.
 */
import type { Config } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';
import { parseCardNumber, parseDate, phoneDigits } from '../patrons/patron.rules.ts';
import { findPatronCredentials, type PatronCredentials, savePassword } from './auth.repo.ts';
import { checkNewPassword, MAX_PASSWORD_INPUT, normalizePassword, type PasswordRefusal } from './auth.rules.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import {
  addressThrottled,
  admitAttempt,
  type GuardDeps,
  type GuardRefusal,
  settleRightAttempt,
  settleWrongAttempt,
  triesLeft,
} from './sign-in-guard.ts';
import type { SignInName } from './sign-in-guard.repo.ts';

/**
 * A hash of a password nobody knows, at the same parameters as real ones:
 * verifying against it costs what verifying a patron's password costs.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$vL45V67IfteKKYzuw9qgwQ$dym1fLkQPQ2xnfh/p2KYIb6F5qTbFuquaFoVgIlTZwM';

export type SignInOutcome =
  | GuardRefusal
  | { kind: 'invalid'; card: 'empty' | 'format' | null; passwordMissing: boolean }
  /** A wrong password, an unknown card or a card without a password, alike; `triesLeft` from the third failure on. */
  | { kind: 'wrong'; triesLeft: number | null }
  | { kind: 'ok'; patronId: number };

export interface SignInInput {
  cardNumber: string;
  password: string;
}

/** Checks a card number and password, counting failures; `ok` leaves starting the session to the caller. */
export async function signIn(deps: GuardDeps, input: SignInInput): Promise<SignInOutcome> {
  const { db, config } = deps;
  const throttled = await addressThrottled(deps);
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
  return (await settleWrongAttempt(deps, who)) ?? { kind: 'wrong', triesLeft: triesLeft(deps, who, admitted.failures) };
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
  const throttled = await addressThrottled(deps);
  if (throttled) return throttled;
  const parsed = parseRegistration(input, config);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const who: SignInName = { realm: 'patron', name: parsed.cardNumber };
  const patron = await findPatronCredentials(db, { cardNumber: parsed.cardNumber });
  const admitted = await admitAttempt(deps, who);
  if (admitted.kind !== 'admitted') return admitted;
  if (!patron || !sameIdentity(patron, parsed)) {
    const locked = await settleWrongAttempt(deps, who);
    return locked ?? { kind: 'mismatch', triesLeft: triesLeft(deps, who, admitted.failures) };
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
