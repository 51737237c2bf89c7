/**
 * The mail rules: when a failed mail is tried again, which SMTP failures are
 * worth retrying, and how a mail is named. Pure: no I/O, `now` passed in.
 */
import { randomUUID } from 'node:crypto';

/**
 * Waits after the 1st, 2nd, 3rd… failed attempt: quick at first (a relay
 * restarting), then every 6 hours (a mailbox over quota for a day).
 */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const LATER_RETRY_DELAY_MS = 6 * 3_600_000;
/** After this long since it was queued, a mail that still cannot be handed over is given up. */
export const GIVE_UP_AFTER_MS = 48 * 3_600_000;
/**
 * How long a worker owns a mail it claimed. Longer than a send can take
 * (the SMTP timeouts in mail.transport.ts), so only a worker that died
 * loses its mail to another one.
 */
export const LEASE_MS = 5 * 60_000;

/** The wait after `attempts` failed attempts (1 = the first attempt failed). */
export function retryDelayMs(attempts: number): number {
  return RETRY_DELAYS_MS[attempts - 1] ?? LATER_RETRY_DELAY_MS;
}

/** When to try again after a transient failure, or null when the mail has waited long enough. */
export function nextAttemptAt(attempts: number, queuedAt: Date, now: Date): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  return next.getTime() - queuedAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}

/** What a failed hand-over means for the mail and the address. */
export type FailureKind =
  /** Try again later: the server or the network is unwell, or the server said 4xx. */
  | 'transient'
  /** The server refused this recipient for good (5xx): fail now and flag the address. */
  | 'recipient'
  /** The server refused this message for good (5xx after the recipient was accepted): fail now. */
  | 'message';

/** The parts of a nodemailer error the classification reads. */
export interface SmtpFailure {
  /** nodemailer's code: EENVELOPE, EMESSAGE, ECONNECTION, ETIMEDOUT, EAUTH … */
  code?: string | undefined;
  /** The SMTP reply code, when the server answered. */
  responseCode?: number | undefined;
  /** The SMTP command that was answered: 'RCPT TO', 'DATA', 'MAIL FROM', 'CONN' … */
  command?: string | undefined;
  /** The server's reply line, when it answered. */
  response?: string | undefined;
  message: string;
}

/** Reads the classification's fields from whatever a transport threw. */
export function smtpFailureOf(error: unknown): SmtpFailure {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const fallback = error instanceof Error ? error.message : JSON.stringify(error);
  const e = error as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === 'string' ? e[key] : undefined);
  return {
    code: text('code'),
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    command: text('command'),
    response: text('response'),
    message: text('message') ?? fallback,
  };
}

/** Long enough for any SMTP reply line; a stack trace is not kept. */
const MAX_REASON_LENGTH = 500;

/** What is kept as the mail's last error (and on an undeliverable address): the server's own words when it gave some. */
export function failureReason(failure: SmtpFailure): string {
  const reason = failure.response ?? (failure.code ? `${failure.code}: ${failure.message}` : failure.message);
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/** Enhanced status codes 5.1.x (bad address) and 5.2.1 (mailbox disabled) name the recipient even after DATA. */
const RECIPIENT_STATUS = /^5\d\d[ -]5\.(1\.\d+|2\.1)\b/;

/**
 * Sorts a failure. Only a 5xx about the recipient or the message is final:
 * a 5xx at the greeting, to MAIL FROM or to AUTH means our relay is
 * misconfigured, which an operator fixes, so those mails wait and retry.
 */
export function classifySmtpFailure(failure: SmtpFailure): FailureKind {
  const code = failure.responseCode;
  if (code === undefined || code < 500 || code > 599) return 'transient';
  if (failure.command === 'RCPT TO') return 'recipient';
  if (failure.command === 'DATA') {
    return RECIPIENT_STATUS.test(failure.response ?? '') ? 'recipient' : 'message';
  }
  return 'transient';
}

/** The domain of an address (what a patron allows in a phone's mail filter). */
export function mailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/** A new Message-ID on the sender's domain; kept with the mail, so every retry carries the same one. */
export function newMessageId(from: string): string {
  return `<${randomUUID()}@${mailDomain(from)}>`;
}

/** The .eml file a mail is written to without SMTP: named by its Message-ID, so a re-send overwrites it. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9.@_-]/g, '_')}.eml`;
}
