/**
 * The retention job's statements (SPEC §12). Each forgets at most one batch
 * of rows in its own short statement, so a large backlog (the first run on
 * an old database) never holds locks for long; the job repeats a statement
 * until a batch comes back short. Every statement is idempotent: what it
 * forgot stays forgotten, and a second run finds nothing.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ONE_TIME_LINK_TEMPLATES } from '../mail/one-time-links.ts';
import { deleteFinishedRows } from '../mail/outbox-lease.ts';
import { namedLoanId, namesLoan } from './returned-loans.repo.ts';

type Db = Kysely<Database>;

/** Rows one statement changes at most. */
export const RETENTION_BATCH = 500;

const FINISHED_HOLD = ['fulfilled', 'cancelled', 'expired'] as const;

function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}

/** Returned loans still naming a patron who keeps no reading record (returns before this rule, or a record turned off). */
export async function forgetReturnedLoans(db: Db): Promise<number> {
  const result = await db
    .updateTable('loans')
    .set({ patron_id: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('loans as l')
        .innerJoin('patrons as p', 'p.id', 'l.patron_id')
        .select('l.id')
        .where('l.returned_at', 'is not', null)
        .where('p.keep_reading_record', '=', false)
        .limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(result);
}

/** Audit entries of returned loans that still name a patron. */
export async function forgetLoanAuditEntries(db: Db): Promise<number> {
  const result = await db
    .updateTable('audit_log')
    .set({ patron_id: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('audit_log')
        .innerJoin('loans', (join) => join.on('loans.id', '=', namedLoanId))
        .select('audit_log.id')
        .where('audit_log.patron_id', 'is not', null)
        .where(namesLoan)
        .where('loans.returned_at', 'is not', null)
        .limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(result);
}

/** Holds finished before `before` lose their patron; what stays is the anonymous statistics. */
export async function forgetFinishedHolds(db: Db, before: Date): Promise<number> {
  const result = await db
    .updateTable('holds')
    .set({ patron_id: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('holds')
        .select('id')
        .where('patron_id', 'is not', null)
        .where('closed_at', '<', before)
        .where('status', 'in', FINISHED_HOLD)
        .limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(result);
}

/** Reservation confirmations (the titles a patron reserved, kept for a retried step ⑧) made before `before`. */
export async function deleteReservationConfirmations(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('reservation_confirmations')
    .where('key', 'in', (eb) =>
      eb.selectFrom('reservation_confirmations').select('key').where('created_at', '<', before).limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(result);
}

/** Mail sent or given up before `before`: the whole row goes, body (titles, places) and address with it. */
export function deleteFinishedMail(db: Db, before: Date): Promise<number> {
  return deleteFinishedRows(db, 'outbox', before, RETENTION_BATCH);
}

/**
 * Push notices sent or given up before `before`, as finished mail goes: the
 * row ties a patron's device to a hold, so to what they reserved. A hold is
 * long off the shelf by then, so the one-notice-per-hold key has done its work.
 */
export function deleteFinishedPushes(db: Db, before: Date): Promise<number> {
  return deleteFinishedRows(db, 'push_outbox', before, RETENTION_BATCH);
}

/** One-time links left in finished mail (mail finished before delivery started removing them). */
export async function dropFinishedOneTimeLinks(db: Db): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ data: sql`data - 'url'` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('status', 'in', ['sent', 'failed'])
        .where('template', 'in', ONE_TIME_LINK_TEMPLATES)
        .where(sql<boolean>`data ? 'url'`)
        .limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(result);
}

/**
 * Audit entries older than `before` that name a patron, other than a
 * loan's (which follow the loan): the patron goes, and the details with
 * it, since they are about that patron (an address mailed to, a reason
 * for a block) and no list of keys could tell which are identifying.
 */
export async function forgetOldAuditEntries(db: Db, before: Date): Promise<number> {
  const result = await db
    .updateTable('audit_log')
    .set({ patron_id: null, details: '{}' })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('audit_log')
        .select('id')
        .where('patron_id', 'is not', null)
        .where('at', '<', before)
        .where((inner) => inner.not(namesLoan))
        .limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(result);
}

/** E-mail confirmations and unlock links that expired before `before` (an address, a card number and a token's hash). */
export async function deleteExpiredLinks(db: Db, before: Date): Promise<number> {
  const confirmations = await db
    .deleteFrom('email_confirmations')
    .where('token_hash', 'in', (eb) =>
      eb.selectFrom('email_confirmations').select('token_hash').where('expires_at', '<', before).limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  const unlocks = await db
    .deleteFrom('sign_in_unlocks')
    .where('token_hash', 'in', (eb) =>
      eb.selectFrom('sign_in_unlocks').select('token_hash').where('expires_at', '<', before).limit(RETENTION_BATCH),
    )
    .executeTakeFirst();
  return changed(confirmations) + changed(unlocks);
}
