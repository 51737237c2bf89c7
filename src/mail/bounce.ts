/**
 * One returned mail, read and recorded (SPEC §13): the `bounce` command and
 * the mailbox poll both hand their mail here. A hard bounce flags the
 * patron's address exactly as a permanent SMTP refusal does
 * (flagUndeliverable: the account banner, the staff record, the phone-call
 * fallback for hold notices); soft bounces flag it only as a run.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { readMailFacts } from './bounce.read.ts';
import { findMailByMessageIds, recordBounce, softBounceRun } from './bounce.repo.ts';
import { addressesIn, type FailedRecipient, type MailFacts, providerOf, readBounce, returnedMessageIds } from './bounce.rules.ts';
import { flagUndeliverable } from './mail.repo.ts';
import { failureReason } from './mail.rules.ts';
import { messageIdOfTag, verpTagOf } from './verp.ts';

export type BounceSettings = Pick<Config, 'bounceAddress' | 'mailFrom'> & { rules: Pick<Config['rules'], 'softBouncesToFlag'> };

export type BounceOutcome =
  | { kind: 'not-mail' }
  | { kind: 'ignored'; reason: 'auto-reply' | 'delay' | 'other' }
  | { kind: 'unknown-message'; failed: FailedRecipient; provider: string | null }
  | {
      kind: 'recorded';
      failed: FailedRecipient;
      provider: string | null;
      mailId: number;
      cardNumber: string | null;
      /** True when this bounce flagged the patron's current address. */
      flagged: boolean;
    };

/** Reads a returned mail and records what it says. */
export async function handleReturnedMail(db: Kysely<Database>, settings: BounceSettings, raw: Buffer, now: Date): Promise<BounceOutcome> {
  const facts = await readMailFacts(raw);
  if (facts === null) return { kind: 'not-mail' };
  const reading = readBounce(facts);
  if (reading.kind !== 'bounce') return { kind: 'ignored', reason: reading.kind };
  // One recipient per outbox mail: the worst report is the one that counts.
  const failed = reading.recipients.find((recipient) => recipient.severity === 'hard') ?? reading.recipients[0]!;
  const provider = providerOf(facts);
  const mail = await findMailByMessageIds(db, candidateMessageIds(facts, settings));
  if (!mail) return { kind: 'unknown-message', failed, provider };
  const reason = failureReason({ message: `returned mail ${failed.status}${failed.diagnostic ? `: ${failed.diagnostic}` : ''}` });
  const flagged = await db.transaction().execute(async (tx) => {
    await recordBounce(tx, { outboxId: mail.id, severity: failed.severity, status: failed.status, diagnostic: failed.diagnostic, at: now });
    if (mail.patronId === null) return false;
    const run = settings.rules.softBouncesToFlag;
    if (failed.severity === 'soft' && !(await softBounceRun(tx, mail.patronId, mail.toAddress, run))) return false;
    const why = failed.severity === 'soft' ? `${run} × ${reason}` : reason;
    return flagUndeliverable(tx, mail.patronId, mail.toAddress, why, now);
  });
  return { kind: 'recorded', failed, provider, mailId: mail.id, cardNumber: mail.cardNumber, flagged };
}

/**
 * The Message-IDs the bounce may be about: first those its VERP tags name
 * (the address the bounce was delivered to, which the receiving server
 * writes as Delivered-To or X-Original-To, or the returned copy's
 * Return-Path), then the returned copy's own Message-ID.
 */
function candidateMessageIds(facts: MailFacts, settings: BounceSettings): string[] {
  const bounceAddress = settings.bounceAddress;
  const tagged = bounceAddress
    ? addressesIn(facts).flatMap((address) => {
        const tag = verpTagOf(address, bounceAddress);
        return tag === null ? [] : [messageIdOfTag(tag, settings.mailFrom)];
      })
    : [];
  return [...new Set([...tagged, ...returnedMessageIds(facts)])];
}

/** What the `bounce` command says about an outcome, and its exit code (SPEC §10: 0 understood, 2 not a readable mail). */
export function describeOutcome(outcome: BounceOutcome): { exitCode: number; out: string[]; warning: string | null } {
  switch (outcome.kind) {
    case 'not-mail':
      return { exitCode: 2, out: [], warning: 'bounce: the input is not a mail (no mail headers)' };
    case 'ignored':
      return { exitCode: 0, out: [`ignored: ${ignoredWhy[outcome.reason]}`], warning: null };
    case 'unknown-message':
      return {
        exitCode: 0,
        out: [`${bounceLine(outcome.failed, outcome.provider)}; no known message`],
        warning: 'bounce: the returned mail names no message this library sent (no VERP tag or Message-ID it knows); nothing recorded',
      };
    case 'recorded': {
      const who = outcome.cardNumber ? `patron ${outcome.cardNumber}` : 'no patron';
      const effect = outcome.flagged
        ? 'address flagged undeliverable'
        : outcome.failed.severity === 'soft'
          ? 'counted'
          : 'address not current';
      return {
        exitCode: 0,
        out: [`${bounceLine(outcome.failed, outcome.provider)}; mail ${outcome.mailId}, ${who}: ${effect}`],
        warning: null,
      };
    }
  }
}

const ignoredWhy = {
  'auto-reply': 'an auto-reply (vacation or out of office), not a bounce',
  delay: 'a delay warning: the remote server is still trying',
  other: 'not a returned mail',
} as const;

function bounceLine(failed: FailedRecipient, provider: string | null): string {
  return `${failed.severity} bounce ${failed.status}${provider ? ` (${provider})` : ''}`;
}
