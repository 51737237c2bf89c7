/**
 * The patron's own account: what the account page shows, and the e-mail
 * address with its confirmation links and self-sent mails. Each change and
 * the mail it causes commit together. Kysely only; `db` first.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import {
  closuresAround,
  closureWindow,
  libraryCalendar,
  openDaysAround,
  savedPlaceWeeklyClosedDays,
  savedWeeklyClosedDays,
} from '../calendar/calendar.repo.ts';
import type { LibraryCalendar } from '../calendar/calendar.rules.ts';
import { cartSizeQuery } from '../cart/cart.repo.ts';
import type { LibraryRules, Locale } from '../config.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { activeHoldsQuery, type HoldLists, toHoldLists } from '../holds/holds.repo.ts';
import { hashToken } from '../http/session.ts';
import { type OpenLoan, openLoansQuery, toOpenLoan } from '../loans/loans.repo.ts';
import { mailStatusQuery, type PatronMailStatus, queueMail, toMailStatus } from '../mail/mail.repo.ts';
import type { MailTemplate } from '../mail/mail.templates.ts';
import { type Allowance, checkConfirmation, type ConfirmationCheck, confirmationExpiry, dailyAllowance, DAY_MS } from './account.rules.ts';

type Db = Kysely<Database>;

export interface AccountSummary {
  id: number;
  cardNumber: string;
  name: string;
  email: string | null;
  emailConfirmedAt: Date | null;
  emailUndeliverableAt: Date | null;
  /** When the patron last set their password; null when never (or before this was recorded). */
  passwordChangedAt: Date | null;
  locale: Locale;
  blockedReason: string | null;
  expiresOn: CalendarDate | null;
  /** 利用者区分 (a patronCategories code), null for none. */
  category: string | null;
}

/** What the account page shows of the patron's own row. */
const accountColumns = [
  'id',
  'card_number',
  'name',
  'email',
  'email_confirmed_at',
  'email_undeliverable_at',
  'password_changed_at',
  'locale',
  'blocked_reason',
  'expires_on',
  'category',
] as const;

export async function findAccount(db: Db, patronId: number): Promise<AccountSummary | undefined> {
  const row = await db.selectFrom('patrons').select(accountColumns).where('id', '=', patronId).executeTakeFirst();
  return row && toAccountSummary(row);
}

function toAccountSummary(row: {
  id: number;
  card_number: string;
  name: string;
  email: string | null;
  email_confirmed_at: Date | null;
  email_undeliverable_at: Date | null;
  password_changed_at: Date | string | null;
  locale: Locale;
  blocked_reason: string | null;
  expires_on: CalendarDate | null;
  category: string | null;
}): AccountSummary {
  return {
    id: row.id,
    cardNumber: row.card_number,
    name: row.name,
    email: row.email,
    emailConfirmedAt: row.email_confirmed_at,
    emailUndeliverableAt: row.email_undeliverable_at,
    passwordChangedAt: row.password_changed_at === null ? null : new Date(row.password_changed_at),
    locale: row.locale,
    blockedReason: row.blocked_reason,
    expiresOn: row.expires_on,
    category: row.category,
  };
}

/** What the account page shows, and the calendar its renewal verdicts need. */
export interface AccountPageData {
  account: AccountSummary;
  mail: PatronMailStatus;
  loans: OpenLoan[];
  holds: HoldLists;
  calendar: LibraryCalendar;
  cartCount: number;
}

/**
 * The account page's data in one statement, whatever the patron has: the
 * patron's row, with each feature's own query nested as JSON (loans and
 * holds in their lists' order: json_agg keeps the order of the sorted
 * subquery it reads). One round trip instead of seven is most of what the
 * page costs the database and Node; the statement is compiled once
 * (reusableQuery). Undefined when the patron is gone.
 */
export async function accountPageData(
  db: Db,
  at: { patronId: number; sessionId: string; today: CalendarDate },
  rules: Pick<LibraryRules, 'weeklyClosedDays' | 'closedOnNationalHolidays' | 'holidayOnClosedDay'>,
): Promise<AccountPageData | undefined> {
  const { from, to } = closureWindow(at.today);
  const [row] = await accountPageQuery(db, { patronId: at.patronId, sessionId: at.sessionId, from, to });
  return (
    row && {
      account: toAccountSummary(row),
      mail: toMailStatus(row.mail),
      loans: row.loans.map(toOpenLoan),
      holds: toHoldLists(row.holds, at.today),
      calendar: libraryCalendar(rules, row),
      cartCount: Number(row.cart ?? 0),
    }
  );
}

const accountPageQuery = reusableQuery(
  'account_page',
  (db, { patronId, sessionId, from, to }: { patronId: number; sessionId: string; from: CalendarDate; to: CalendarDate }) =>
    db
      .selectFrom('patrons')
      .select([
        ...accountColumns,
        jsonObjectFrom(mailStatusQuery(db, patronId)).as('mail'),
        jsonArrayFrom(openLoansQuery(db, patronId)).as('loans'),
        jsonArrayFrom(activeHoldsQuery(db, patronId)).as('holds'),
        jsonArrayFrom(closuresAround(db, { from, to })).as('closures'),
        jsonArrayFrom(openDaysAround(db, { from, to })).as('openDays'),
        savedWeeklyClosedDays(db).as('weekly'),
        jsonArrayFrom(savedPlaceWeeklyClosedDays(db)).as('placeWeekly'),
        cartSizeQuery(db, sessionId).as('cart'),
      ])
      .where('id', '=', patronId),
);

export interface MailingContext {
  now: Date;
  mailFrom: string;
  /** The site's address, for the link in the confirmation mail. */
  siteUrl: string;
}

export type SaveEmailResult = { kind: 'sent' } | { kind: 'alreadyConfirmed' } | { kind: 'tooMany'; nextAt: Date };

/**
 * Saves the address as unconfirmed and mails a confirmation link (saving
 * the same unconfirmed address again is the resend). Only the link's hash
 * is stored, as for session tokens.
 */
export async function saveEmail(db: Db, patronId: number, email: string, limit: number, at: MailingContext): Promise<SaveEmailResult> {
  return db.transaction().execute(async (tx) => {
    const patron = await lockPatron(tx, patronId);
    if (patron.email === email && patron.email_confirmed_at) return { kind: 'alreadyConfirmed' };
    const allowed = await allowance(tx, patronId, 'email-confirmation', limit, at.now);
    if (!allowed.ok) return { kind: 'tooMany', nextAt: allowed.nextAt };
    await tx
      .updateTable('patrons')
      .set({ email, email_confirmed_at: null, email_undeliverable_at: null, email_undeliverable_reason: null })
      .where('id', '=', patronId)
      .execute();
    const token = randomBytes(32).toString('base64url');
    await tx
      .insertInto('email_confirmations')
      .values({ token_hash: hashToken(token), patron_id: patronId, email, expires_at: confirmationExpiry(at.now) })
      .execute();
    const url = `${at.siteUrl}/account/email/confirm?token=${token}`;
    await queueMail(tx, { to: email, patronId, locale: patron.locale, content: { template: 'email-confirmation', data: { url } } }, at);
    return { kind: 'sent' };
  });
}

/** Opens a confirmation link: the address becomes confirmed, the link used, and 「メール登録完了のお知らせ」 goes to it. */
export async function confirmEmail(
  db: Db,
  token: string,
  at: { now: Date; mailFrom: string },
): Promise<{ check: ConfirmationCheck; email?: string }> {
  const { now } = at;
  return db.transaction().execute(async (tx) => {
    const link = await tx
      .selectFrom('email_confirmations')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .forUpdate()
      .executeTakeFirst();
    const patron = link && (await lockPatron(tx, link.patron_id));
    const check = checkConfirmation(
      link && { email: link.email, expiresAt: link.expires_at, usedAt: link.used_at },
      patron?.email ?? null,
      now,
    );
    if (check !== 'valid' || !link) return { check };
    await tx.updateTable('email_confirmations').set({ used_at: now }).where('token_hash', '=', link.token_hash).execute();
    await tx.updateTable('patrons').set({ email_confirmed_at: now }).where('id', '=', link.patron_id).execute();
    const registered = { template: 'email-registered', data: {} } as const;
    await queueMail(tx, { to: link.email, patronId: link.patron_id, locale: patron?.locale, content: registered }, at);
    return { check, email: link.email };
  });
}

/** Removes the address and its open confirmation links. */
export async function deleteEmail(db: Db, patronId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('patrons')
      .set({ email: null, email_confirmed_at: null, email_undeliverable_at: null, email_undeliverable_reason: null })
      .where('id', '=', patronId)
      .execute();
    await tx.deleteFrom('email_confirmations').where('patron_id', '=', patronId).execute();
  });
}

export type TestMailResult = { kind: 'sent' } | { kind: 'noAddress' } | { kind: 'tooMany'; nextAt: Date };

/** Queues a test mail to the patron's address, at most `limit` in 24 hours. */
export async function sendTestMail(db: Db, patronId: number, limit: number, at: MailingContext): Promise<TestMailResult> {
  return db.transaction().execute(async (tx) => {
    const patron = await lockPatron(tx, patronId);
    if (!patron.email) return { kind: 'noAddress' };
    const allowed = await allowance(tx, patronId, 'test', limit, at.now);
    if (!allowed.ok) return { kind: 'tooMany', nextAt: allowed.nextAt };
    await queueMail(tx, { to: patron.email, patronId, locale: patron.locale, content: { template: 'test', data: {} } }, at);
    return { kind: 'sent' };
  });
}

/**
 * The patron's row, locked until the transaction ends: concurrent requests
 * of the same patron take turns, so counting mails and queueing one cannot
 * interleave and pass the daily limit.
 */
async function lockPatron(tx: Db, patronId: number) {
  return tx
    .selectFrom('patrons')
    .select(['email', 'email_confirmed_at', 'locale'])
    .where('id', '=', patronId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

async function allowance(tx: Db, patronId: number, template: MailTemplate, limit: number, now: Date): Promise<Allowance> {
  const since = new Date(now.getTime() - DAY_MS);
  const rows = await tx
    .selectFrom('outbox')
    .select('created_at')
    .where('patron_id', '=', patronId)
    .where('template', '=', template)
    .where('created_at', '>', since)
    .execute();
  return dailyAllowance(
    rows.map((r) => r.created_at),
    limit,
    now,
  );
}
