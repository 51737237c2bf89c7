/**
 * The staff's patron forms (SPEC §10: a new patron at the counter, the
 * record's edit form, a block's reason), read with the same parsing as the
 * patron import, so the counter and the import agree on what a patron is.
 * Pure: each mistake comes back as a field and a reason to show.
 */
import type { LibraryRules } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';
import { readCategory } from './patron-category.rules.ts';
import { parseCardNumber, parseDate, parseEmail, phoneDigits } from './patron.rules.ts';

const MAX_NAME = 200;
const MAX_PHONE_DIGITS = 15;
const MAX_REASON = 200;

export type PatronFieldProblem = { field: string; reason: 'empty' | 'format' | 'impossible' | 'tooLong' };

/** What the edit form changes. */
export interface PatronDetails {
  name: string;
  nameKana: string;
  phone: string;
  email: string | null;
  expiresOn: CalendarDate | null;
  /** 利用者区分: a code of the settings' patronCategories, null for none. */
  category: string | null;
}

/** A new patron: the card scanned at the counter, the birth date (their first password check), and the details. */
export interface NewPatron extends Omit<PatronDetails, 'expiresOn'> {
  cardNumber: string;
  birthDate: CalendarDate;
}

type Fields<K extends string> = Record<K, string>;
export type FormRead<T> = { ok: true; value: T } | { ok: false; problems: PatronFieldProblem[] };

/** One line of text: NFKC, control characters dropped, trimmed. */
function oneLine(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

function readName(fields: Fields<'name' | 'name_kana'>, problems: PatronFieldProblem[]) {
  const name = oneLine(fields.name);
  const nameKana = oneLine(fields.name_kana);
  if (name === '') problems.push({ field: 'name', reason: 'empty' });
  if (name.length > MAX_NAME) problems.push({ field: 'name', reason: 'tooLong' });
  if (nameKana.length > MAX_NAME) problems.push({ field: 'name_kana', reason: 'tooLong' });
  return { name, nameKana };
}

function readPatronCategory(rules: Pick<LibraryRules, 'patronCategories'>, input: string, problems: PatronFieldProblem[]) {
  const read = readCategory(rules, input);
  if (!read.ok) problems.push({ field: 'category', reason: 'format' });
  return read.ok ? read.code : null;
}

function readContact(fields: Fields<'phone' | 'email'>, problems: PatronFieldProblem[]) {
  const phone = phoneDigits(fields.phone);
  if (phone.length > MAX_PHONE_DIGITS || (fields.phone.trim() !== '' && phone === '')) problems.push({ field: 'phone', reason: 'format' });
  const email = fields.email.trim() === '' ? null : parseEmail(fields.email);
  if (email && !email.ok) problems.push({ field: 'email', reason: email.reason });
  return { phone, email: email?.ok ? email.email : null };
}

/** The new-patron form: card_number, name, name_kana, birth_date, phone, email (optional), category (empty: none). */
export function readNewPatron(
  fields: Fields<'card_number' | 'name' | 'name_kana' | 'birth_date' | 'phone' | 'email' | 'category'>,
  rules: Pick<LibraryRules, 'cardNumberPattern' | 'patronCategories'>,
): FormRead<NewPatron> {
  const problems: PatronFieldProblem[] = [];
  const card = parseCardNumber(fields.card_number, rules.cardNumberPattern);
  if (!card.ok) problems.push({ field: 'card_number', reason: card.reason });
  const names = readName(fields, problems);
  const birth = parseDate(fields.birth_date);
  if (!birth.ok) problems.push({ field: 'birth_date', reason: birth.reason });
  const contact = readContact(fields, problems);
  const category = readPatronCategory(rules, fields.category, problems);
  if (!card.ok || !birth.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { cardNumber: card.cardNumber, birthDate: birth.date, ...names, ...contact, category } };
}

/** The edit form: name, name_kana, phone, email, expires_on (empty: no expiry), category (empty: none). */
export function readPatronDetails(
  fields: Fields<'name' | 'name_kana' | 'phone' | 'email' | 'expires_on' | 'category'>,
  rules: Pick<LibraryRules, 'patronCategories'>,
): FormRead<PatronDetails> {
  const problems: PatronFieldProblem[] = [];
  const names = readName(fields, problems);
  const contact = readContact(fields, problems);
  const expires = fields.expires_on.trim() === '' ? null : parseDate(fields.expires_on);
  if (expires && !expires.ok) problems.push({ field: 'expires_on', reason: expires.reason });
  const category = readPatronCategory(rules, fields.category, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { ...names, ...contact, expiresOn: expires?.ok ? expires.date : null, category } };
}

/** A block's reason: one line, required (the desk and the patron's record show it). */
export function readBlockReason(input: string): FormRead<string> {
  const reason = oneLine(input);
  if (reason === '') return { ok: false, problems: [{ field: 'reason', reason: 'empty' }] };
  if (reason.length > MAX_REASON) return { ok: false, problems: [{ field: 'reason', reason: 'tooLong' }] };
  return { ok: true, value: reason };
}
