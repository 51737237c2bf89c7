/**
 * Circulation rules (SPEC §3 "Fulfilment", §4): what a checkout may do, where
 * a returned copy goes, how a ready hold is announced and until when it
 * waits. Pure: the repository reads the rows, these decide, `today` is passed in.
 */
import { dueDateFrom, type LibraryCalendar } from '../calendar/calendar.rules.ts';
import type { CalendarDate, ContactMethod, CopyStatus } from '../db/schema.ts';

/** No barcode is longer than the column allows; longer input is refused before any work. */
const MAX_BARCODE_INPUT = 100;
const BARCODE = /^[0-9A-Za-z-]{1,32}$/;

export type BarcodeResult = { ok: true; barcode: string } | { ok: false; reason: 'empty' | 'format' };

/**
 * A barcode as stored: NFKC first (a scanner in a Japanese input mode types
 * full-width digits), surrounding spaces dropped, letters upper-cased.
 */
export function parseBarcode(input: string): BarcodeResult {
  if (input.length > MAX_BARCODE_INPUT) return { ok: false, reason: 'format' };
  const barcode = input.normalize('NFKC').trim().toUpperCase();
  if (barcode === '') return { ok: false, reason: 'empty' };
  return BARCODE.test(barcode) ? { ok: true, barcode } : { ok: false, reason: 'format' };
}

/** What a checkout needs to know about the patron. */
export interface PatronStanding {
  blockedReason: string | null;
  expiresOn: CalendarDate | null;
}

export type PatronRefusal = 'patronBlocked' | 'patronExpired';

/** Why this patron may not borrow (or take a trapped copy) today, or null when they may. */
export function patronRefusal(patron: PatronStanding, today: CalendarDate): PatronRefusal | null {
  if (patron.blockedReason !== null) return 'patronBlocked';
  if (patron.expiresOn !== null && patron.expiresOn < today) return 'patronExpired';
  return null;
}

/** What a checkout needs to know about the copy. */
export interface CopyForCheckout {
  status: CopyStatus;
  referenceOnly: boolean;
  /** The patron of its open loan, if it has one. */
  loanPatronId: number | null;
  /** The patron whose in-transit or ready hold the copy is trapped for, if any. */
  trappedForPatronId: number | null;
  /** A magazine's latest issue stays in the library until a newer one arrives. */
  latestIssue: boolean;
}

export type CheckoutRefusal =
  | PatronRefusal
  | 'alreadyOnLoanToPatron'
  | 'onLoan'
  | 'heldForOther'
  | 'inTransit'
  | 'referenceOnly'
  | 'latestIssue'
  | 'lost'
  | 'withdrawn';

/** Why this copy may not be lent to this patron, or null when it may. */
export function checkoutRefusal(
  copy: CopyForCheckout,
  patronId: number,
  patron: PatronStanding,
  today: CalendarDate,
): CheckoutRefusal | null {
  if (copy.status === 'lost' || copy.status === 'withdrawn') return copy.status;
  if (copy.referenceOnly) return 'referenceOnly';
  if (copy.latestIssue) return 'latestIssue';
  if (copy.loanPatronId !== null) return copy.loanPatronId === patronId ? 'alreadyOnLoanToPatron' : 'onLoan';
  if (copy.trappedForPatronId !== null && copy.trappedForPatronId !== patronId) return 'heldForOther';
  // A copy in transit to this patron's pickup place is collected after it is received there.
  if (copy.status === 'in_transit') return 'inTransit';
  return patronRefusal(patron, today);
}

/** The due date of a loan made on `today`: the loan period on, moved off closed days. */
export function loanDueDate(today: CalendarDate, loanDays: number, calendar: LibraryCalendar): CalendarDate {
  return dueDateFrom(today, loanDays, calendar);
}

/**
 * The last day a ready hold waits on the shelf: the notice day plus the
 * hold-shelf period, moved off closed days so the patron always has the
 * full period of open days' worth to collect it.
 */
export function pickupDeadline(noticeDay: CalendarDate, holdShelfDays: number, calendar: LibraryCalendar): CalendarDate {
  return dueDateFrom(noticeDay, holdShelfDays, calendar);
}

/**
 * A phone call is the notice for phone holds, so the deadline counts from
 * the call; never earlier than the one set when the copy reached the shelf.
 */
export function deadlineAfterCall(
  current: CalendarDate,
  callDay: CalendarDate,
  holdShelfDays: number,
  calendar: LibraryCalendar,
): CalendarDate {
  const fromCall = pickupDeadline(callDay, holdShelfDays, calendar);
  return fromCall > current ? fromCall : current;
}

/** Where a copy goes once it is trapped for a hold. */
export type TrapOutcome = 'ready' | 'in_transit';

/** Ready on the shelf here when the hold is collected here, else sent to its pickup place. */
export function trapOutcome(copyPlace: string, pickupPlace: string): TrapOutcome {
  return copyPlace === pickupPlace ? 'ready' : 'in_transit';
}

/** What the patron's e-mail allows. */
export interface PatronEmail {
  /** The address, only when confirmed. */
  confirmedEmail: string | null;
  undeliverable: boolean;
}

export type ReadyNotice = { kind: 'email'; to: string } | { kind: 'call' } | { kind: 'none' };

/**
 * How a ready hold is announced (SPEC §3): mail to a confirmed address that
 * is not known to bounce; the phone-call list for 電話, and for メール when
 * the mail cannot arrive (so nobody waits for a notice that never comes);
 * nothing for 連絡不要.
 */
export function readyNotice(contact: ContactMethod, email: PatronEmail): ReadyNotice {
  if (contact === 'none') return { kind: 'none' };
  if (contact === 'email' && email.confirmedEmail !== null && !email.undeliverable) return { kind: 'email', to: email.confirmedEmail };
  return { kind: 'call' };
}

/** Where the desk sends a copy after a checkin, as the page shows it. */
export type CheckinDestination =
  | { kind: 'holdShelf'; holdId: number; cardNumber: string; pickupPlace: string }
  | { kind: 'transit'; holdId: number; cardNumber: string; pickupPlace: string }
  | { kind: 'shelf'; place: string }
  | { kind: 'transitHome'; homePlace: string }
  | { kind: 'alreadyOnHoldShelf'; holdId: number; cardNumber: string; pickupPlace: string };

/** The last digits of a card number: enough to find the slip on the hold shelf, not enough to identify the patron to a bystander. */
export function cardTail(cardNumber: string): string {
  return cardNumber.slice(-4);
}

/**
 * Where a copy free at `place` with no hold to fill goes: back to its home
 * place (in transit) when it was returned elsewhere, unless the collection
 * floats and copies stay where they are returned.
 */
export function freeCopyDestination(place: string, homePlace: string, floatingCollection: boolean): CheckinDestination {
  return floatingCollection || place === homePlace ? { kind: 'shelf', place } : { kind: 'transitHome', homePlace };
}
