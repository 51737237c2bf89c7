/**
 * The reservation rules that need no database: how holds count against the
 * limits, which titles of a confirmation are placed and which refused, the
 * contact methods a patron may choose, and reading the flow's form fields.
 * The reservable rule itself is the catalog's (catalog.rules.ts).
 */
import type { NotReservableReason, Reservability } from '../catalog/catalog.rules.ts';
import type { LibraryRules } from '../config.ts';
import type { ContactMethod, Material } from '../db/schema.ts';
import type { PatronRefusal } from '../circulation/circulation.rules.ts';

export type HoldLimits = LibraryRules['holdLimits'];

/** Holds (or cart titles) counted the way the limits count them. */
export interface LimitUsage {
  book: number;
  av: number;
  total: number;
}

export const NO_USAGE: LimitUsage = { book: 0, av: 0, total: 0 };

/** SPEC §3 names two limits, books and audiovisual; a magazine issue counts as a book. */
export function limitClass(material: Material): 'book' | 'av' {
  return material === 'av' ? 'av' : 'book';
}

/** The usage of a list of titles. */
export function usageOf(materials: readonly Material[]): LimitUsage {
  return materials.reduce((usage, material) => withOneMore(usage, material), NO_USAGE);
}

export function addUsage(a: LimitUsage, b: LimitUsage): LimitUsage {
  return { book: a.book + b.book, av: a.av + b.av, total: a.total + b.total };
}

function withOneMore(usage: LimitUsage, material: Material): LimitUsage {
  const kind = limitClass(material);
  return { ...usage, [kind]: usage[kind] + 1, total: usage.total + 1 };
}

/** True when one more hold of this material keeps every limit. */
export function fitsWithin(usage: LimitUsage, material: Material, limits: HoldLimits): boolean {
  const next = withOneMore(usage, material);
  return next.book <= limits.book && next.av <= limits.av && next.total <= limits.total;
}

/** What the cart page's meter shows: active holds plus the cart, against each limit. */
export interface LimitMeter {
  usage: LimitUsage;
  limits: HoldLimits;
  /** Titles of the cart that would be refused for the limits if confirmed now (0 = within the limits). */
  overBy: number;
}

/**
 * The meter for a patron's active holds and the titles in the cart, in cart
 * order: the usage counts every title; a title refused for the limits takes
 * no place, so the titles after it are counted as a confirmation counts them.
 */
export function limitMeter(activeHolds: LimitUsage, cart: readonly Material[], limits: HoldLimits): LimitMeter {
  let placed = activeHolds;
  let overBy = 0;
  for (const material of cart) {
    if (fitsWithin(placed, material, limits)) placed = withOneMore(placed, material);
    else overBy += 1;
  }
  return { usage: addUsage(activeHolds, usageOf(cart)), limits, overBy };
}

/** Why one title of a confirmation was not placed: the title's own reason, or the card's (blocked, expired). */
export type RefusalReason = 'limit' | 'gone' | NotReservableReason | PatronRefusal;

/** One title of a confirmation as the rules see it at commit time; null reservability = the record no longer exists. */
export interface PlacementCandidate {
  recordId: number;
  material: Material | null;
  reservability: Reservability | null;
}

export type PlacementDecision = { recordId: number; place: true } | { recordId: number; place: false; reason: RefusalReason };

/**
 * Decides each title in the order given (the cart's order): gone and
 * unreservable titles are refused with their reason; the others are placed
 * while the limits allow, counting the holds the patron already has.
 */
export function decidePlacements(
  activeHolds: LimitUsage,
  candidates: readonly PlacementCandidate[],
  limits: HoldLimits,
): PlacementDecision[] {
  let usage = activeHolds;
  return candidates.map((candidate): PlacementDecision => {
    const { recordId, material, reservability } = candidate;
    if (material === null || reservability === null) return { recordId, place: false, reason: 'gone' };
    if (!reservability.reservable) return { recordId, place: false, reason: reservability.reason };
    if (!fitsWithin(usage, material, limits)) return { recordId, place: false, reason: 'limit' };
    usage = withOneMore(usage, material);
    return { recordId, place: true };
  });
}

/** What the contact rule needs to know about the patron's e-mail address. */
export interface EmailState {
  email: string | null;
  confirmed: boolean;
  undeliverable: boolean;
}

/** 電話 / 連絡不要 / メール, in that order; メール only with a confirmed address that mail still reaches. */
export function contactMethodsFor(email: EmailState): ContactMethod[] {
  return email.email !== null && email.confirmed && !email.undeliverable ? ['phone', 'none', 'email'] : ['phone', 'none'];
}

/** A form field as a client may send it: missing, once, or repeated (or a file, from a forged multipart body). */
export type FormValue = string | File | (string | File)[] | undefined;

export type ChoiceError = 'pickupMissing' | 'contactMissing' | 'contactEmail';

export type Choices =
  | { ok: true; pickup: string; contact: ContactMethod }
  | { ok: false; errors: ChoiceError[]; pickup: string | null; contact: ContactMethod | null };

const CONTACTS: readonly ContactMethod[] = ['phone', 'none', 'email'];

/**
 * Reads 【受取場所】 and 【ご連絡方法】: the pickup must be an offered place and
 * the contact one the patron may choose. Anything else is a mistake to show,
 * not an exception, and a value that is valid is kept for the re-rendered form.
 */
export function parseChoices(
  pickupValue: FormValue,
  contactValue: FormValue,
  places: readonly string[],
  contacts: readonly ContactMethod[],
): Choices {
  const pickupText = single(pickupValue);
  const contactText = single(contactValue);
  const pickup = pickupText !== null && places.includes(pickupText) ? pickupText : null;
  const knownContact = CONTACTS.find((c) => c === contactText) ?? null;
  const contact = knownContact !== null && contacts.includes(knownContact) ? knownContact : null;
  const errors: ChoiceError[] = [];
  if (pickup === null) errors.push('pickupMissing');
  if (knownContact === 'email' && contact === null) errors.push('contactEmail');
  else if (contact === null) errors.push('contactMissing');
  if (pickup !== null && contact !== null) return { ok: true, pickup, contact };
  return { ok: false, errors, pickup, contact };
}

/** The one string value of a field, or null when it is missing, repeated or not text. */
export function single(value: FormValue): string | null {
  return typeof value === 'string' ? value : null;
}

/** Ids beyond this many in one request are refused: no list or cart is that long. */
export const MAX_IDS = 100;

export type IdList = { ok: true; ids: number[] } | { ok: false; reason: 'none' | 'invalid' };

/**
 * Reads a repeated id field (hold_id, record_id). Repeats collapse into one;
 * a value that is not a plain positive number of at most 9 digits, or more
 * than MAX_IDS of them, makes the whole list invalid, so nothing changes.
 */
export function parseIdList(value: FormValue): IdList {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (values.length === 0) return { ok: false, reason: 'none' };
  if (values.length > MAX_IDS) return { ok: false, reason: 'invalid' };
  const ids: number[] = [];
  for (const v of values) {
    if (typeof v !== 'string' || !/^[1-9]\d{0,8}$/.test(v)) return { ok: false, reason: 'invalid' };
    const id = Number(v);
    if (!ids.includes(id)) ids.push(id);
  }
  return { ok: true, ids };
}

/** An idempotency key as the confirmation page issues it (and as the table accepts it). */
export function isConfirmationKey(value: string | null): value is string {
  return value !== null && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

/** The status a hold must have for the patron to cancel or change it (ready holds are the staff's). */
export const PATRON_CHANGEABLE = ['pending', 'in_transit'] as const;

/** A hold as the change rule sees it. */
export interface ChangeableHold {
  status: 'pending' | 'in_transit' | 'ready';
  pickupPlace: string;
}

/** A copy already travelling to its pickup place cannot be sent elsewhere from the Web. */
export function pickupChangeAllowed(holds: readonly ChangeableHold[], pickup: string): boolean {
  return holds.every((hold) => hold.status === 'pending' || hold.pickupPlace === pickup);
}

/** The pickup places the change form offers for these holds: only those the change rule would accept. */
export function changeablePickupPlaces<P extends { code: string }>(holds: readonly ChangeableHold[], places: readonly P[]): P[] {
  return places.filter((place) => pickupChangeAllowed(holds, place.code));
}
