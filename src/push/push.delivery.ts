/**
 * The push worker: claims due notices, encrypts each for its device
 * (RFC 8291, aes128gcm) and signs the request with the library's VAPID key
 * (RFC 8292) through the `web-push` library, POSTs it with fetch (which runs
 * alike on Node and Deno, and reaches a test's plain-http stand-in), and
 * records what the push service answered: retried on 429/5xx with the mail
 * outbox's backoff (or its Retry-After, when longer), the device dropped on 404/410.
 */
import type { Kysely } from 'kysely';
import webPush from 'web-push';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { formatCalendarDate } from '../i18n/format.ts';
import { translator } from '../i18n/index.ts';
import { GIVE_UP_AFTER_MS, nextAttemptAt } from '../mail/mail.rules.ts';
import { log } from '../ops/log.ts';
import type { VapidKeys } from './push.config.ts';
import { type ClaimedPush, claimDuePushes, deleteSubscriptionById, finishPush } from './push.repo.ts';
import { classifyPushAnswer, PUSH_TTL_SECONDS, retryAfterMs } from './push.rules.ts';
import { vapidKeys } from './vapid.ts';

export interface PushDeliveryDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: Pick<Config, 'push' | 'rules'>;
  batchSize?: number;
}

export type PushOutcome = 'sent' | 'retrying' | 'failed' | 'gone' | 'lost';
export type PushReport = Record<PushOutcome, number>;

const DEFAULT_BATCH_SIZE = 10;
/** A push service answers in well under a second; one that hangs is tried again later. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Sends every notice due now, batch after batch, until none is left. */
export async function deliverDuePushes(deps: PushDeliveryDeps): Promise<PushReport> {
  const report: PushReport = { sent: 0, retrying: 0, failed: 0, gone: 0, lost: 0 };
  let keys: VapidKeys | undefined;
  for (;;) {
    const batch = await claimDuePushes(deps.db, deps.clock.now(), deps.batchSize ?? DEFAULT_BATCH_SIZE);
    if (batch.length === 0) return report;
    keys ??= await vapidKeys(deps.db, deps.config.push);
    const vapid = keys;
    const results = await Promise.allSettled(batch.map((notice) => deliverOne(deps, vapid, notice)));
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
      report[result.value] += 1;
    }
  }
}

/** The notification the service worker shows: the title, the bookmobile stop when there is one, and the pickup deadline; never the card number. */
export function holdReadyPayload(notice: Pick<ClaimedPush, 'data' | 'locale' | 'hold_id'>, config: Pick<Config, 'rules'>): string {
  const t = translator(notice.locale);
  const data = notice.data!;
  const place = config.rules.pickupPlaces.find((p) => p.code === data.place)?.name[notice.locale] ?? data.place;
  return JSON.stringify({
    title: t('push.holdReady.title'),
    body: data.stop
      ? t('push.holdReady.bodyAtStop', {
          title: data.title,
          place,
          stop: formatCalendarDate(data.stop, notice.locale),
          deadline: formatCalendarDate(data.deadline, notice.locale),
        })
      : t('push.holdReady.body', { title: data.title, place, deadline: formatCalendarDate(data.deadline, notice.locale) }),
    url: '/account',
    tag: `hold-${notice.hold_id}`,
  });
}

async function deliverOne(deps: PushDeliveryDeps, keys: VapidKeys, notice: ClaimedPush): Promise<PushOutcome> {
  const { db, clock, config } = deps;
  if (notice.data === null) {
    return (await finishPush(db, notice, { status: 'failed', last_error: 'no notice data' })) ? 'failed' : 'lost';
  }
  const request = webPush.generateRequestDetails(
    { endpoint: notice.endpoint, keys: { p256dh: notice.p256dh, auth: notice.auth } },
    holdReadyPayload(notice, config),
    {
      TTL: PUSH_TTL_SECONDS,
      vapidDetails: { subject: config.push.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
    },
  );
  let status: number;
  let retryAfter: string | null;
  try {
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
      body: request.body === null ? null : new Uint8Array(request.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    retryAfter = response.headers.get('Retry-After');
    await response.body?.cancel();
  } catch (error) {
    return retryOrGiveUp(deps, notice, `network: ${error instanceof Error ? error.message : String(error)}`);
  }
  const answer = classifyPushAnswer(status);
  if (answer === 'sent') {
    return (await finishPush(db, notice, { status: 'sent', sent_at: clock.now(), last_error: null })) ? 'sent' : 'lost';
  }
  if (answer === 'retry') return retryOrGiveUp(deps, notice, `push service answered ${status}`, retryAfterMs(retryAfter, clock.now()));
  if (answer === 'gone') {
    // The browser unsubscribed or the subscription expired: keeping it would only fail again.
    await deleteSubscriptionById(db, notice.subscription_id);
    return 'gone';
  }
  const recorded = await finishPush(db, notice, { status: 'failed', last_error: `push service answered ${status}` });
  if (recorded) log.error({ push: notice.id, status }, 'push notice refused');
  return recorded ? 'failed' : 'lost';
}

/** Tries again after the mail outbox's backoff, or later when the push service asked for a longer wait. */
async function retryOrGiveUp(
  deps: PushDeliveryDeps,
  notice: ClaimedPush,
  reason: string,
  askedWaitMs: number | null = null,
): Promise<PushOutcome> {
  const now = deps.clock.now();
  const backoff = nextAttemptAt(notice.attempts, notice.created_at, now);
  const asked = askedWaitMs === null ? null : new Date(now.getTime() + askedWaitMs);
  const later = backoff && asked && asked > backoff ? asked : backoff;
  // A wait the push service asks for still ends where the mail's retries end.
  const next = later && later.getTime() - notice.created_at.getTime() <= GIVE_UP_AFTER_MS ? later : null;
  if (next)
    return (await finishPush(deps.db, notice, { status: 'queued', next_attempt_at: next, last_error: reason })) ? 'retrying' : 'lost';
  return (await finishPush(deps.db, notice, { status: 'failed', last_error: reason })) ? 'failed' : 'lost';
}
