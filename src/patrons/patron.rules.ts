/**
 * What patrons and staff type at a counter or on a phone, turned into the
 * values the library stores: card numbers, dates, phone numbers and e-mail
 * addresses. Pure functions shared by sign-in, registration, the account
 * settings, the patron import and the staff desk. Input is NFKC-normalised
 * first, so full-width digits and the ideographic space (and the full-width
 * ＠) a Japanese keyboard produces work like ASCII.
 */
import type { CalendarDate } from '../db/schema.ts';

/** Longer input is refused before any work: no card, date or phone is this long. */
const MAX_INPUT_LENGTH = 100;

/** Spaces and the dashes people put between digit groups (hyphen, minus signs, the katakana long vowel mark). */
const SEPARATORS = /[\s\-‐‑‒–—―−ー]/gu;

/** A numeric keypad for cards of digits (the configured example shows which), a full keyboard for cards with letters. */
export function cardInputMode(cardNumberExample: string): 'numeric' | 'text' {
  return /^\d+$/.test(cardNumberExample) ? 'numeric' : 'text';
}

export type CardNumberResult = { ok: true; cardNumber: string } | { ok: false; reason: 'empty' | 'format' };

/** A card number as stored, or why the input is not one (`pattern` is config.rules.cardNumberPattern). */
export function parseCardNumber(input: string, pattern: string): CardNumberResult {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'format' };
  const cardNumber = input.normalize('NFKC').replace(SEPARATORS, '');
  if (cardNumber === '') return { ok: false, reason: 'empty' };
  return new RegExp(pattern).test(cardNumber) ? { ok: true, cardNumber } : { ok: false, reason: 'format' };
}

/** The digits of a phone number as typed ("03-1234-5678", "０３（１２３４）５６７８"). */
export function phoneDigits(input: string): string {
  if (input.length > MAX_INPUT_LENGTH) return '';
  return input.normalize('NFKC').replace(/\D/g, '');
}

export type DateResult = { ok: true; date: CalendarDate } | { ok: false; reason: 'empty' | 'format' | 'impossible' };

/** Japanese eras by the names and initials people write, with the Gregorian year of their first year (元年). */
const ERAS: Record<string, number> = {
  明治: 1868,
  M: 1868,
  大正: 1912,
  T: 1912,
  昭和: 1926,
  S: 1926,
  平成: 1989,
  H: 1989,
  令和: 2019,
  R: 2019,
};

/**
 * A calendar date from the forms patrons type: 1990-01-02, 1990/1/2,
 * 1990.1.2, 19900102, 1990年1月2日, 平成2年1月2日, H2.1.2 (元年 = 1).
 * A well-formed but impossible date (2月30日) is told apart from noise,
 * so the message can say which.
 */
export function parseDate(input: string): DateResult {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'format' };
  const text = input.normalize('NFKC').replace(/\s/g, '').replace(/元年/, '1年').toUpperCase();
  if (text === '') return { ok: false, reason: 'empty' };
  const parts = dateParts(text);
  if (!parts) return { ok: false, reason: 'format' };
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!valid) return { ok: false, reason: 'impossible' };
  return { ok: true, date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}` };
}

function dateParts(text: string): [number, number, number] | null {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  const western = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(text);
  if (western) return [Number(western[1]), Number(western[2]), Number(western[3])];
  const era = /^(明治|大正|昭和|平成|令和|[MTSHR])(\d{1,2})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(text);
  if (era) {
    const eraYear = Number(era[2]);
    if (eraYear < 1) return null;
    return [ERAS[era[1]!]! + eraYear - 1, Number(era[3]), Number(era[4])];
  }
  return null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const MAX_EMAIL_LENGTH = 254;

export type EmailResult = { ok: true; email: string } | { ok: false; reason: 'empty' | 'format' | 'tooLong' };

/**
 * An e-mail address as typed, NFKC-normalised (a full-width ＠ from a
 * Japanese keyboard becomes @) with the domain in lower case. Japanese
 * mobile carriers issued local parts with dots RFC 5322 forbids
 * (taro..b.@…), which still receive mail, so the local part is not parsed further.
 */
export function parseEmail(input: string): EmailResult {
  if (input.length > 1000) return { ok: false, reason: 'tooLong' };
  const text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_EMAIL_LENGTH) return { ok: false, reason: 'tooLong' };
  const match = /^([\x21-\x7e]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/.exec(text);
  if (!match || match[1]!.includes('@') || /[<>()[\]\\,;:"]/.test(match[1]!)) return { ok: false, reason: 'format' };
  return { ok: true, email: `${match[1]}@${match[2]!.toLowerCase()}` };
}
