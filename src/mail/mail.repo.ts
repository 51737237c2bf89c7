/**
 * The outbox: mail queued inside the caller's transaction (so a hold that
 * becomes ready and its notice commit together, or neither), claimed by
 * delivery workers under a lease, and the record of what happened to it.
 * Kysely only; `db` first so a transaction can be passed.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Locale } from '../config.ts';
import type { Database, OutboxMail } from '../db/schema.ts';
import { LEASE_MS, newMessageId } from './mail.rules.ts';
import { ONE_TIME_LINK_TEMPLATES } from './one-time-links.ts';
import { type ClaimOutcome, claimDueRows, finishClaimedRow, type OutboxClaim } from './outbox-lease.ts';
import type { MailContent } from './mail.templates.ts';

type Db = Kysely<Database>;

export interface NewMail {
  to: string;
  /** The patron the mail is about; their address is flagged when the server refuses it for good. */
  patronId?: number | null;
  locale?: Locale;
  content: MailContent;
}

/** Queues a mail in `db` (pass the transaction of the change that causes it); it is sent once that commits. */
export async function queueMail(db: Db, mail: NewMail, at: { now: Date; mailFrom: string }): Promise<{ id: number; messageId: string }> {
  return db
    .insertInto('outbox')
    .values({
      message_id: newMessageId(at.mailFrom),
      patron_id: mail.patronId ?? null,
      to_address: mail.to,
      template: mail.content.template,
      locale: mail.locale ?? 'ja',
      data: JSON.stringify(mail.content.data),
      next_attempt_at: at.now,
      created_at: at.now,
    })
    .returning(['id', 'message_id as messageId'])
    .executeTakeFirstOrThrow();
}

/**
 * Takes up to `limit` due mails for this worker: queued ones whose time has
 * come, and ones whose sender's lease ran out (it died mid-send). SKIP
 * LOCKED lets several workers claim at once without waiting on or taking
 * each other's rows; the lease (next_attempt_at moved past the send) keeps
 * a claimed mail from being taken again while it is being sent. `attempts`
 * counts this attempt, and the recording functions below match on it, so a
 * worker whose lease ran out cannot overwrite what the next one recorded.
 */
export function claimDueMails(db: Db, now: Date, limit: number, leaseMs = LEASE_MS): Promise<OutboxMail[]> {
  return claimDueRows(db, 'outbox', now, limit, leaseMs);
}

/** A finished mail's data without its one-time link: the token is not kept once the mail has gone (see one-time-links.ts). */
const withoutOneTimeLink = sql<string>`CASE WHEN template IN (${sql.join(ONE_TIME_LINK_TEMPLATES)}) THEN data - 'url' ELSE data END`;

type Claim = OutboxClaim;

const finishClaim = (db: Db, claim: Claim, outcome: ClaimOutcome) => finishClaimedRow(db, 'outbox', claim, outcome, withoutOneTimeLink);

/** The server accepted the mail. False when the claim was lost meanwhile. */
export function markSent(db: Db, claim: Claim, now: Date): Promise<boolean> {
  return finishClaim(db, claim, { status: 'sent', sent_at: now, last_error: null });
}

/** A transient failure: try again at `next`. */
export function markRetry(db: Db, claim: Claim, next: Date, reason: string): Promise<boolean> {
  return finishClaim(db, claim, { status: 'queued', next_attempt_at: next, last_error: reason });
}

/** A permanent failure, or transient ones for too long: the mail is given up. */
export function markFailed(db: Db, claim: Claim, reason: string): Promise<boolean> {
  return finishClaim(db, claim, { status: 'failed', last_error: reason });
}

/** Flags the patron's address as undeliverable, if it is still the address that was refused; true when it was. */
export async function flagUndeliverable(db: Db, patronId: number, address: string, reason: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('patrons')
    .set({ email_undeliverable_at: now, email_undeliverable_reason: reason })
    .where('id', '=', patronId)
    .where(sql<string>`lower(email)`, '=', address.toLowerCase())
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Clears the flag once the server accepts mail for the address again (the patron fixed their mailbox). */
export async function clearUndeliverable(db: Db, patronId: number, address: string): Promise<void> {
  await db
    .updateTable('patrons')
    .set({ email_undeliverable_at: null, email_undeliverable_reason: null })
    .where('id', '=', patronId)
    .where(sql<string>`lower(email)`, '=', address.toLowerCase())
    .where('email_undeliverable_at', 'is not', null)
    .execute();
}

/** What the account page and the staff patron record show about a patron's mail. */
export interface PatronMailStatus {
  lastSent: { at: Date; template: string; to: string } | null;
  /** The latest mail with an error: given up (`final`) or still being retried. */
  lastFailure: { at: Date; template: string; to: string; reason: string; final: boolean } | null;
  /** Set when a server refused the patron's current address for good. */
  undeliverable: { at: Date; reason: string } | null;
  /** Mails queued or being sent. */
  waiting: number;
}

/**
 * Last mail sent, last failure with its reason, the undeliverable flag and
 * the mails still waiting: one statement (the account page shows it on
 * every visit, so each round trip counts).
 */
export async function patronMailStatus(db: Db, patronId: number): Promise<PatronMailStatus> {
  return toMailStatus(await mailStatusQuery(db, patronId).executeTakeFirst());
}

/** patronMailStatus's statement: run alone, or nested in the account page's statement. */
export function mailStatusQuery(db: Db, patronId: number) {
  const ofPatron = (eb: ExpressionBuilder<Database, 'patrons'>) => eb.selectFrom('outbox').where('patron_id', '=', patronId);
  return db
    .selectFrom('patrons')
    .leftJoinLateral(
      (eb) =>
        ofPatron(eb)
          .select(['sent_at', 'template', 'to_address'])
          .where('status', '=', 'sent')
          .orderBy('sent_at', 'desc')
          .limit(1)
          .as('sent'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        ofPatron(eb)
          .select(['last_attempt_at', 'created_at', 'template', 'to_address', 'last_error', 'status'])
          .where('last_error', 'is not', null)
          .orderBy(sql`coalesce(last_attempt_at, created_at)`, 'desc')
          .limit(1)
          .as('failed'),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      'patrons.email_undeliverable_at',
      'patrons.email_undeliverable_reason',
      'sent.sent_at',
      'sent.template as sent_template',
      'sent.to_address as sent_to',
      'failed.last_attempt_at as failed_attempt_at',
      'failed.created_at as failed_created_at',
      'failed.template as failed_template',
      'failed.to_address as failed_to',
      'failed.last_error as failed_error',
      'failed.status as failed_status',
      ofPatron(eb)
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .where('status', 'in', ['queued', 'sending'])
        .as('waiting'),
    ])
    .where('patrons.id', '=', patronId);
}

type MailStatusRow = NonNullable<Awaited<ReturnType<ReturnType<typeof mailStatusQuery>['executeTakeFirst']>>>;
type TimeColumn = 'email_undeliverable_at' | 'sent_at' | 'failed_attempt_at' | 'failed_created_at';

/** mailStatusQuery's row as the status; nested in JSON its times arrive as text. */
export function toMailStatus(
  row: (Omit<MailStatusRow, TimeColumn> & { [K in TimeColumn]: Date | string | null }) | null | undefined,
): PatronMailStatus {
  const time = (value: Date | string) => new Date(value);
  return {
    lastSent: row?.sent_at ? { at: time(row.sent_at), template: row.sent_template!, to: row.sent_to! } : null,
    lastFailure: row?.failed_created_at
      ? {
          at: time(row.failed_attempt_at ?? row.failed_created_at),
          template: row.failed_template!,
          to: row.failed_to!,
          reason: row.failed_error ?? '',
          final: row.failed_status === 'failed',
        }
      : null,
    undeliverable: row?.email_undeliverable_at
      ? { at: time(row.email_undeliverable_at), reason: row.email_undeliverable_reason ?? '' }
      : null,
    waiting: Number(row?.waiting ?? 0),
  };
}

/** The newest mails, for the development mailbox. */
export function recentMails(db: Db, limit: number): Promise<OutboxMail[]> {
  return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** One mail by id. */
export function findMail(db: Db, id: number): Promise<OutboxMail | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
