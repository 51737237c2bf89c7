/** What the desk sees about one patron: standing, loans, holds, lockout. Kysely only; `db` first. */
import type { Kysely } from 'kysely';
import type { CalendarDate, ContactMethod, Database, HoldStatus, PlacedVia } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface DeskLoan {
  loanId: number;
  title: string;
  barcode: string;
  dueDate: CalendarDate;
  checkedOutAt: Date;
}

export interface DeskHold {
  holdId: number;
  title: string;
  status: HoldStatus;
  pickupPlace: string;
  contact: ContactMethod;
  placedVia: PlacedVia;
  placedAt: Date;
  pickupDeadline: CalendarDate | null;
  /** At a 「BM」 station, the van's stop that brings the ready copy. */
  pickupStop: CalendarDate | null;
  barcode: string | null;
}

export interface PatronOverview {
  id: number;
  cardNumber: string;
  name: string;
  nameKana: string;
  phone: string;
  email: string | null;
  emailConfirmed: boolean;
  emailUndeliverable: boolean;
  blockedReason: string | null;
  expiresOn: CalendarDate | null;
  /** 利用者区分 code; null for none. */
  category: string | null;
  lockedUntil: Date | null;
  failedLogins: number;
  hasPassword: boolean;
  locale: 'ja' | 'en';
  loans: DeskLoan[];
  holds: DeskHold[];
}

/** The patron with this card, their open loans (earliest due first) and active holds (oldest first). */
export async function patronOverview(db: Db, cardNumber: string): Promise<PatronOverview | null> {
  const patron = await db.selectFrom('patrons').selectAll().where('card_number', '=', cardNumber).executeTakeFirst();
  if (!patron) return null;
  const count = await db
    .selectFrom('sign_in_counts')
    .select(['failures', 'locked_until'])
    .where('realm', '=', 'patron')
    .where('name', '=', patron.card_number)
    .executeTakeFirst();
  return {
    id: patron.id,
    cardNumber: patron.card_number,
    name: patron.name,
    nameKana: patron.name_kana,
    phone: patron.phone,
    email: patron.email,
    emailConfirmed: patron.email_confirmed_at !== null,
    emailUndeliverable: patron.email_undeliverable_at !== null,
    blockedReason: patron.blocked_reason,
    expiresOn: patron.expires_on,
    category: patron.category,
    lockedUntil: count?.locked_until ?? null,
    failedLogins: count?.failures ?? 0,
    hasPassword: patron.password_hash !== null,
    locale: patron.locale,
    loans: await openLoans(db, patron.id),
    holds: await activeHolds(db, patron.id),
  };
}

/** The patron's loans not yet returned, earliest due first. */
async function openLoans(db: Db, patronId: number): Promise<DeskLoan[]> {
  const loans = await db
    .selectFrom('loans')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('records', 'records.id', 'copies.record_id')
    .select(['loans.id', 'records.title', 'copies.barcode', 'loans.due_date', 'loans.checked_out_at'])
    .where('loans.patron_id', '=', patronId)
    .where('loans.returned_at', 'is', null)
    .orderBy('loans.due_date')
    .orderBy('loans.id')
    .execute();
  return loans.map((l) => ({ loanId: l.id, title: l.title, barcode: l.barcode, dueDate: l.due_date, checkedOutAt: l.checked_out_at }));
}

/** The patron's holds pending, in transit or ready, oldest first. */
async function activeHolds(db: Db, patronId: number): Promise<DeskHold[]> {
  const holds = await db
    .selectFrom('holds')
    .innerJoin('records', 'records.id', 'holds.record_id')
    .leftJoin('copies', 'copies.id', 'holds.copy_id')
    .select([
      'holds.id',
      'records.title',
      'holds.status',
      'holds.pickup_place',
      'holds.contact',
      'holds.placed_via',
      'holds.placed_at',
      'holds.pickup_deadline',
      'holds.pickup_stop_on',
      'copies.barcode',
    ])
    .where('holds.patron_id', '=', patronId)
    .where('holds.status', 'in', ['pending', 'in_transit', 'ready'])
    .orderBy('holds.placed_at')
    .orderBy('holds.id')
    .execute();
  return holds.map((h) => ({
    holdId: h.id,
    title: h.title,
    status: h.status,
    pickupPlace: h.pickup_place,
    contact: h.contact,
    placedVia: h.placed_via,
    placedAt: h.placed_at,
    pickupDeadline: h.pickup_deadline,
    pickupStop: h.pickup_stop_on,
    barcode: h.barcode,
  }));
}
