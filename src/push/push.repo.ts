/**
 * Web Push in the database: the patron's subscribed devices and the push
 * outbox (the mail outbox's twin, with the same claim-under-lease so several
 * workers share it). Kysely only; `db` first so a transaction can be passed.
 */
import { type Kysely, sql } from 'kysely';
import type { Locale } from '../config.ts';
import type { Database, HoldReadyPushData, PushNotice } from '../db/schema.ts';
import { LEASE_MS } from '../mail/mail.rules.ts';
import { type ClaimOutcome, claimDueRows, finishClaimedRow, type OutboxClaim } from '../mail/outbox-lease.ts';
import type { SubscriptionInput } from './push.rules.ts';

type Db = Kysely<Database>;

/** A subscribed device as the patron's list and patron-data show it. */
export interface PushDevice {
  endpoint: string;
  browser: string;
  createdAt: Date;
}

/**
 * Keeps the device's subscription for the patron. The endpoint is the
 * browser's own: subscribing again refreshes its keys and session, and a
 * second patron signing in on the same browser takes it over.
 */
export async function saveSubscription(
  db: Db,
  patronId: number,
  subscription: SubscriptionInput,
  device: { browser: string; sessionId: string; deviceKey: string; now: Date },
): Promise<void> {
  const values = {
    patron_id: patronId,
    p256dh: subscription.p256dh,
    auth: subscription.auth,
    browser: device.browser,
    session_id: device.sessionId,
    device_key: device.deviceKey,
    created_at: device.now,
  };
  await db
    .insertInto('push_subscriptions')
    .values({ endpoint: subscription.endpoint, ...values })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet(values))
    .execute();
}

/** The patron's devices, newest first. */
export async function patronDevices(db: Db, patronId: number): Promise<PushDevice[]> {
  const rows = await db
    .selectFrom('push_subscriptions')
    .select(['endpoint', 'browser', 'created_at'])
    .where('patron_id', '=', patronId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({ endpoint: row.endpoint, browser: row.browser, createdAt: row.created_at }));
}

/** Removes one of the patron's devices; false when the patron has no such device. */
export async function deleteSubscription(db: Db, patronId: number, endpoint: string): Promise<boolean> {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('patron_id', '=', patronId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A logout: what this sign-in or this browser (its device key) subscribed stops receiving the patron's notices. */
export async function deleteSubscriptionsOfDevice(db: Db, device: { sessionId: string | null; deviceKey: string | null }): Promise<void> {
  const { sessionId, deviceKey } = device;
  if (sessionId === null && deviceKey === null) return;
  await db
    .deleteFrom('push_subscriptions')
    .where((eb) =>
      eb.or([
        ...(sessionId === null ? [] : [eb('session_id', '=', sessionId)]),
        ...(deviceKey === null ? [] : [eb('device_key', '=', deviceKey)]),
      ]),
    )
    .execute();
}

/** A password change (someone else may have had the password) or an erasure: every device of the patron. */
export async function deleteSubscriptionsOfPatron(db: Db, patronId: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('patron_id', '=', patronId).execute();
}

/** How many devices the patron has subscribed (the staff patron page). */
export async function deviceCount(db: Db, patronId: number): Promise<number> {
  const row = await db
    .selectFrom('push_subscriptions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('patron_id', '=', patronId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Queues a hold-ready notice to every device of the patron, in the
 * transaction that makes the hold ready; the (hold, device) key keeps it to
 * one notice per hold and device even when the hold is made ready again.
 */
export async function queueHoldReadyPushes(
  db: Db,
  notice: { holdId: number; patronId: number; locale: Locale; data: HoldReadyPushData; now: Date },
): Promise<void> {
  await db
    .insertInto('push_outbox')
    .columns(['subscription_id', 'hold_id', 'locale', 'data', 'next_attempt_at', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('push_subscriptions')
        .select([
          'id',
          // Typed casts: a bare parameter in a SELECT list is text, which jsonb and timestamptz columns refuse.
          sql<number>`cast(${notice.holdId} as integer)`.as('hold_id'),
          sql<Locale>`cast(${notice.locale} as text)`.as('locale'),
          sql<string>`cast(${JSON.stringify(notice.data)} as jsonb)`.as('data'),
          sql<Date>`cast(${notice.now} as timestamptz)`.as('next_attempt_at'),
          sql<Date>`cast(${notice.now} as timestamptz)`.as('created_at'),
        ])
        .where('patron_id', '=', notice.patronId),
    )
    .onConflict((oc) => oc.columns(['hold_id', 'subscription_id']).doNothing())
    .execute();
}

/** A claimed notice with where it goes. */
export interface ClaimedPush extends PushNotice {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Takes up to `limit` due notices under a lease, as claimDueMails does for mail (SKIP LOCKED; `attempts` counts this one). */
export async function claimDuePushes(db: Db, now: Date, limit: number, leaseMs = LEASE_MS): Promise<ClaimedPush[]> {
  const claimed = await claimDueRows(db, 'push_outbox', now, limit, leaseMs);
  if (claimed.length === 0) return [];
  const targets = await db
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'p256dh', 'auth'])
    .where(
      'id',
      'in',
      claimed.map((notice) => notice.subscription_id),
    )
    .execute();
  const byId = new Map(targets.map((target) => [target.id, target]));
  // A device removed between the claim and this read takes its notices with it (ON DELETE CASCADE).
  return claimed.flatMap((notice) => {
    const target = byId.get(notice.subscription_id);
    return target ? [{ ...notice, endpoint: target.endpoint, p256dh: target.p256dh, auth: target.auth }] : [];
  });
}

/** Records the outcome if this worker still holds the claim; a finished notice forgets the title it carried. */
export function finishPush(db: Db, claim: OutboxClaim, outcome: ClaimOutcome): Promise<boolean> {
  return finishClaimedRow(db, 'push_outbox', claim, outcome, sql`NULL`);
}

/** The push service said the subscription is gone (404/410): the device and its notices go. */
export async function deleteSubscriptionById(db: Db, subscriptionId: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', subscriptionId).execute();
}
