/**
 * What the two outboxes (mail in `outbox`, Web Push in `push_outbox`) do
 * alike: a worker claims due rows under a lease, and retention deletes the
 * finished ones. Both tables keep the same delivery columns (status,
 * attempts, next_attempt_at, locked_until, last_attempt_at, sent_at,
 * created_at), so one query serves both.
 */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Database, MailStatus } from '../db/schema.ts';
import { LEASE_MS } from './mail.rules.ts';

export type OutboxName = 'outbox' | 'push_outbox';

/**
 * Takes up to `limit` due rows under a lease (SKIP LOCKED, so two workers
 * never take the same row; `attempts` counts this one). A row whose worker
 * died is due again when its lease ends.
 */
export async function claimDueRows<T extends OutboxName>(
  db: Kysely<Database>,
  table: T,
  now: Date,
  limit: number,
  leaseMs = LEASE_MS,
): Promise<Selectable<Database[T]>[]> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  // Typed as the mail outbox: the columns written and read are the ones both tables have.
  const rows = await db
    .updateTable(table as 'outbox')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      locked_until: leaseEnd,
      next_attempt_at: leaseEnd,
      last_attempt_at: now,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(table as 'outbox')
        .select('id')
        .where('status', 'in', ['queued', 'sending'])
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows as Selectable<Database[T]>[];
}

/** Deletes up to `batch` rows sent or given up before `before`; how many went. */
export async function deleteFinishedRows(db: Kysely<Database>, table: OutboxName, before: Date, batch: number): Promise<number> {
  const result = await db
    .deleteFrom(table as 'outbox')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(table as 'outbox')
        .select('id')
        .where('status', 'in', ['sent', 'failed'])
        .where(sql<Date>`coalesce(sent_at, last_attempt_at, created_at)`, '<', before)
        .limit(batch),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The claim a recording function must still hold: a row taken again after its lease ran out has more attempts. */
export type OutboxClaim = { id: number; attempts: number };

export interface ClaimOutcome {
  status: MailStatus;
  next_attempt_at?: Date;
  sent_at?: Date;
  last_error: string | null;
}

/**
 * Records a claimed row's outcome if this worker still holds the claim;
 * a row that is finished (sent or given up) keeps `finishedData` in place of
 * what it carried. False when the claim was lost meanwhile.
 */
export async function finishClaimedRow(
  db: Kysely<Database>,
  table: OutboxName,
  claim: OutboxClaim,
  outcome: ClaimOutcome,
  finishedData: RawBuilder<unknown>,
): Promise<boolean> {
  const finished = outcome.status === 'sent' || outcome.status === 'failed';
  const result = await db
    .updateTable(table as 'outbox')
    .set({ ...outcome, locked_until: null, ...(finished ? { data: finishedData as RawBuilder<string> } : {}) })
    .where('id', '=', claim.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
