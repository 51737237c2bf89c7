/**
 * The delivery worker: claims due mails, renders and hands each to the
 * transport, and records the outcome. A mail is recorded only after the
 * server accepted it, so a worker dying in between leaves it claimed; once
 * the lease runs out another worker sends it again with the same
 * Message-ID (at most one duplicate, which the receiving side can spot).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database, OutboxMail } from '../db/schema.ts';
import { claimDueMails, clearUndeliverable, flagUndeliverable, markFailed, markRetry, markSent } from './mail.repo.ts';
import { classifySmtpFailure, failureReason, nextAttemptAt, smtpFailureOf } from './mail.rules.ts';
import { mailContentOf, type MailSettings, renderMail } from './mail.templates.ts';
import { createMailTransport, type MailTransport } from './mail.transport.ts';
import { verpAddress } from './verp.ts';

export interface DeliveryDeps {
  db: Kysely<Database>;
  clock: Clock;
  transport: MailTransport;
  settings: MailSettings;
  /** Mails claimed (and sent concurrently) at a time. */
  batchSize?: number;
}

/** `lost`: the lease ran out mid-send and another worker took the mail over, so this one recorded nothing. */
export type DeliveryOutcome = 'sent' | 'retrying' | 'failed' | 'lost';

export type DeliveryReport = Record<DeliveryOutcome, number>;

const DEFAULT_BATCH_SIZE = 10;

/** Sends every mail due now, batch after batch, until none is left. */
export async function deliverDueMails(deps: DeliveryDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, lost: 0 };
  for (;;) {
    const batch = await claimDueMails(deps.db, deps.clock.now(), deps.batchSize ?? DEFAULT_BATCH_SIZE);
    if (batch.length === 0) return report;
    // Wait for every mail of the batch before giving up on an error, so
    // none is left half-recorded behind a rejected Promise.all.
    const results = await Promise.allSettled(batch.map((mail) => deliverOne(deps, mail)));
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
      report[result.value] += 1;
    }
  }
}

/** The worker job's run: the configured transport, for the mails due now. */
export async function deliverWithConfiguredTransport(deps: {
  db: Kysely<Database>;
  clock: Clock;
  config: Config;
}): Promise<DeliveryReport> {
  const transport = createMailTransport(deps.config);
  try {
    return await deliverDueMails({ db: deps.db, clock: deps.clock, transport, settings: deps.config });
  } finally {
    transport.close();
  }
}

async function deliverOne(deps: DeliveryDeps, mail: OutboxMail): Promise<DeliveryOutcome> {
  const { db, clock, settings } = deps;
  const content = mailContentOf(mail.template, mail.data);
  if (!content) {
    const recorded = await markFailed(db, mail, `unknown template or missing data: ${mail.template}`);
    return recorded ? 'failed' : 'lost';
  }
  const rendered = renderMail(content, mail.locale, settings);
  try {
    await deps.transport.send({
      messageId: mail.message_id,
      from: { name: settings.rules.libraryName[mail.locale], address: settings.mailFrom },
      to: mail.to_address,
      subject: rendered.subject,
      text: rendered.text,
      date: mail.created_at,
      ...(settings.bounceAddress && { envelope: { from: verpAddress(settings.bounceAddress, mail.message_id), to: mail.to_address } }),
    });
  } catch (error) {
    return recordFailure(deps, mail, error);
  }
  const recorded = await db.transaction().execute(async (tx) => {
    const claimed = await markSent(tx, mail, clock.now());
    if (claimed && mail.patron_id !== null) await clearUndeliverable(tx, mail.patron_id, mail.to_address);
    return claimed;
  });
  return recorded ? 'sent' : 'lost';
}

async function recordFailure(deps: DeliveryDeps, mail: OutboxMail, error: unknown): Promise<DeliveryOutcome> {
  const { db, clock } = deps;
  const failure = smtpFailureOf(error);
  const kind = classifySmtpFailure(failure);
  const reason = failureReason(failure);
  const now = clock.now();
  if (kind === 'transient') {
    const next = nextAttemptAt(mail.attempts, mail.created_at, now);
    if (next) return (await markRetry(db, mail, next, reason)) ? 'retrying' : 'lost';
  }
  const recorded = await db.transaction().execute(async (tx) => {
    const claimed = await markFailed(tx, mail, reason);
    if (claimed && kind === 'recipient' && mail.patron_id !== null) {
      await flagUndeliverable(tx, mail.patron_id, mail.to_address, reason, now);
    }
    return claimed;
  });
  if (recorded) console.error(`mail ${mail.id} (${mail.template}) failed: ${reason}`);
  return recorded ? 'failed' : 'lost';
}
