/**
 * 開示請求: everything stored about one patron (SPEC §10 `patron-data`,
 * §12). A returned loan appears only when the patron keeps a reading
 * record, since otherwise it no longer names them; the same holds for the
 * audit entries of a returned loan. What a mail said is shown as stored
 * (template and data), so the patron sees what the outbox keeps.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PatronsTable } from '../db/schema.ts';

type Db = Kysely<Database>;

type Patron = Selectable<PatronsTable>;

/** Everything about one patron, as plain JSON-ready data; null when no patron has the card. */
export async function patronData(db: Db, cardNumber: string, now: Date) {
  const patron = await db.selectFrom('patrons').selectAll().where('card_number', '=', cardNumber).executeTakeFirst();
  if (!patron) return null;
  const [signIn, circulation, saved, kept] = await Promise.all([
    signInOf(db, patron, now),
    circulationOf(db, patron.id),
    savedBy(db, patron.id),
    keptAbout(db, patron.id),
  ]);
  return { cardNumber: patron.card_number, profile: profileOf(patron), signIn, ...circulation, ...saved, ...kept };
}

function profileOf(patron: Patron) {
  return {
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
    category: patron.category,
    createdAt: patron.created_at,
    keepsReadingRecord: patron.keep_reading_record,
    notices: { dueSoon: patron.notify_due_soon, overdue: patron.notify_overdue },
    newArrivalsMailedOn: patron.new_arrivals_mailed_on,
  };
}

/** The password's state, failed attempts, live sessions and the one-time links sent for sign-in and mail. */
async function signInOf(db: Db, patron: Patron, now: Date) {
  const [failedAttempts, sessions, unlockLinks, emailConfirmations] = await Promise.all([
    db
      .selectFrom('sign_in_counts')
      .select(['failures', 'locks', 'locked_until as lockedUntil', 'last_attempt_at as lastAttemptAt'])
      .where('realm', '=', 'patron')
      .where('name', '=', patron.card_number)
      .executeTakeFirst(),
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('patron_id', '=', patron.id)
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sign_in_unlocks')
      .select(['expires_at as expiresAt', 'used_at as usedAt'])
      .where('card_number', '=', patron.card_number)
      .execute(),
    db
      .selectFrom('email_confirmations')
      .select(['email', 'created_at as createdAt', 'expires_at as expiresAt', 'used_at as usedAt'])
      .where('patron_id', '=', patron.id)
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    hasPassword: patron.password_hash !== null,
    legacyBirthDatePassword: patron.legacy_birth_date_password,
    passwordChangedAt: patron.password_changed_at,
    failedAttempts: failedAttempts ?? null,
    activeSessions: Number(sessions.n),
    unlockLinks,
    emailConfirmations,
  };
}

/** Loans out, the reading record (if kept), holds, reservation confirmations and the cart. */
async function circulationOf(db: Db, id: number) {
  const [loansOut, readingRecord, holds, reservationConfirmations, cart] = await Promise.all([
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
        'h.suspended_until as suspendedUntil',
        'h.need_by as needBy',
        'h.series_position as seriesPosition',
        'h.series_size as seriesSize',
      ])
      .where('h.patron_id', '=', id)
      .orderBy('h.placed_at')
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
  ]);
  return { loansOut, readingRecord, holds, reservationConfirmations, cart };
}

/**
 * What the patron saved for themselves (SPEC §14): favourites, new-arrival alerts, the calendar feed
 * (its token's hash opens nothing, so it is left out) and the devices subscribed to push notices
 * (the endpoint is the browser's address at its push service; the keys only encrypt for it).
 */
async function savedBy(db: Db, id: number) {
  const [favourites, newArrivalAlerts, calendarFeed, pushDevices] = await Promise.all([
    db
      .selectFrom('favourites as f')
      .innerJoin('records as r', 'r.id', 'f.record_id')
      .select(['r.title', 'f.added_at as addedAt'])
      .where('f.patron_id', '=', id)
      .orderBy('f.added_at')
      .execute(),
    db
      .selectFrom('new_arrival_alerts')
      .select(['query', 'material', 'created_at as createdAt', 'last_mailed_on as lastMailedOn'])
      .where('patron_id', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('calendar_feeds')
      .select(['created_at as createdAt', 'show_titles as showTitles'])
      .where('patron_id', '=', id)
      .executeTakeFirst(),
    db
      .selectFrom('push_subscriptions')
      .select(['browser', 'endpoint', 'created_at as createdAt'])
      .where('patron_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  return { favourites, newArrivalAlerts, calendarFeed: calendarFeed ?? null, pushDevices };
}

/** Mail and push notices in their outboxes, audit entries that still name the patron, and card numbers a reissue retired. */
async function keptAbout(db: Db, id: number) {
  const [mail, pushNotices, auditEntries, retired] = await Promise.all([
    db
      .selectFrom('outbox')
      .select(['template', 'to_address as to', 'data', 'status', 'created_at as createdAt', 'sent_at as sentAt', 'last_error as lastError'])
      .where('patron_id', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('push_outbox as p')
      .innerJoin('push_subscriptions as s', 's.id', 'p.subscription_id')
      .select(['s.browser', 'p.data', 'p.status', 'p.created_at as createdAt', 'p.sent_at as sentAt', 'p.last_error as lastError'])
      .where('s.patron_id', '=', id)
      .orderBy('p.id')
      .execute(),
    db
      .selectFrom('audit_log as a')
      .leftJoin('staff as s', 's.id', 'a.staff_id')
      .leftJoin('records as r', 'r.id', 'a.record_id')
      .select(['a.at', 'a.action', 's.username as staff', 'r.title', 'a.details'])
      .where('a.patron_id', '=', id)
      .orderBy('a.at')
      .execute(),
    db.selectFrom('retired_card_numbers').select('card_number').where('patron_id', '=', id).orderBy('card_number').execute(),
  ]);
  return { mail, pushNotices, auditEntries, previousCardNumbers: retired.map((r) => r.card_number) };
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
