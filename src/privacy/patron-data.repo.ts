/**
 * 開示請求: everything stored about one patron (SPEC §10 `patron-data`,
 * §12). A returned loan appears only when the patron keeps a reading
 * record, since otherwise it no longer names them; the same holds for the
 * audit entries of a returned loan. What a mail said is shown as stored
 * (template and data), so the patron sees what the outbox keeps.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** Everything about one patron, as plain JSON-ready data; null when no patron has the card. */
export async function patronData(db: Db, cardNumber: string, now: Date) {
  const patron = await db.selectFrom('patrons').selectAll().where('card_number', '=', cardNumber).executeTakeFirst();
  if (!patron) return null;
  const id = patron.id;
  const [signInCount, sessions, unlockLinks, emailConfirmations, loansOut, readingRecord, holds, mail, reservations, cart, audit] =
    await Promise.all([
      db
        .selectFrom('sign_in_counts')
        .select(['failures', 'locks', 'locked_until as lockedUntil', 'last_attempt_at as lastAttemptAt'])
        .where('realm', '=', 'patron')
        .where('name', '=', cardNumber)
        .executeTakeFirst(),
      db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('patron_id', '=', id)
        .where('expires_at', '>', now)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('sign_in_unlocks')
        .select(['expires_at as expiresAt', 'used_at as usedAt'])
        .where('card_number', '=', cardNumber)
        .execute(),
      db
        .selectFrom('email_confirmations')
        .select(['email', 'created_at as createdAt', 'expires_at as expiresAt', 'used_at as usedAt'])
        .where('patron_id', '=', id)
        .orderBy('created_at')
        .execute(),
      loansOf(db, id).where('l.returned_at', 'is', null).execute(),
      loansOf(db, id).where('l.returned_at', 'is not', null).select('l.returned_at as returnedAt').execute(),
      db
        .selectFrom('holds as h')
        .innerJoin('records as r', 'r.id', 'h.record_id')
        .select([
          'r.title',
          'h.status',
          'h.pickup_place as pickupPlace',
          'h.contact',
          'h.placed_via as placedVia',
          'h.placed_at as placedAt',
          'h.ready_at as readyAt',
          'h.pickup_deadline as pickupDeadline',
          'h.closed_at as closedAt',
          'h.closed_reason as closedReason',
        ])
        .where('h.patron_id', '=', id)
        .orderBy('h.placed_at')
        .execute(),
      db
        .selectFrom('outbox')
        .select([
          'template',
          'to_address as to',
          'data',
          'status',
          'created_at as createdAt',
          'sent_at as sentAt',
          'last_error as lastError',
        ])
        .where('patron_id', '=', id)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('reservation_confirmations')
        .select(['created_at as createdAt', 'result'])
        .where('patron_id', '=', id)
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('cart_items as ci')
        .innerJoin('sessions as s', 's.id', 'ci.session_id')
        .innerJoin('records as r', 'r.id', 'ci.record_id')
        .select(['r.title', 'ci.added_at as addedAt'])
        .where('s.patron_id', '=', id)
        .orderBy('ci.added_at')
        .execute(),
      db
        .selectFrom('audit_log as a')
        .leftJoin('staff as s', 's.id', 'a.staff_id')
        .leftJoin('records as r', 'r.id', 'a.record_id')
        .select(['a.at', 'a.action', 's.username as staff', 'r.title', 'a.details'])
        .where('a.patron_id', '=', id)
        .orderBy('a.at')
        .execute(),
    ]);
  return {
    cardNumber: patron.card_number,
    profile: {
      name: patron.name,
      nameKana: patron.name_kana,
      birthDate: patron.birth_date,
      phone: patron.phone,
      email: patron.email,
      emailConfirmedAt: patron.email_confirmed_at,
      emailUndeliverableAt: patron.email_undeliverable_at,
      emailUndeliverableReason: patron.email_undeliverable_reason,
      locale: patron.locale,
      blockedReason: patron.blocked_reason,
      expiresOn: patron.expires_on,
      createdAt: patron.created_at,
      keepsReadingRecord: patron.keep_reading_record,
    },
    signIn: {
      hasPassword: patron.password_hash !== null,
      legacyBirthDatePassword: patron.legacy_birth_date_password,
      passwordChangedAt: patron.password_changed_at,
      failedAttempts: signInCount ?? null,
      activeSessions: Number(sessions.n),
      unlockLinks,
      emailConfirmations,
    },
    loansOut,
    readingRecord,
    holds,
    mail,
    reservationConfirmations: reservations,
    cart,
    auditEntries: audit,
  };
}

export type PatronData = NonNullable<Awaited<ReturnType<typeof patronData>>>;

function loansOf(db: Db, patronId: number) {
  return db
    .selectFrom('loans as l')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select(['r.title', 'c.barcode', 'l.checked_out_at as checkedOutAt', 'l.due_date as dueDate', 'l.renewals'])
    .where('l.patron_id', '=', patronId)
    .orderBy('l.checked_out_at');
}
