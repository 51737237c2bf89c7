/**
 * The worker's poll of BOUNCE_IMAP_URL (imaps://user:pass@host/INBOX): each
 * unseen mail is read as the `bounce` command reads one, then marked seen,
 * so a mail is handled once however often the poll runs (and recordBounce
 * counts a bounce once even if a mail is read again). imapflow is the IMAP
 * client nodemailer's authors keep up.
 */
import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { log } from '../ops/log.ts';
import { type BounceSettings, describeOutcome, handleReturnedMail } from './bounce.ts';

export interface MailboxReport {
  read: number;
  /** Mails that were not mail at all (exit 2 for the command): marked seen too, since reading them again cannot help. */
  unreadable: number;
}

/** Where and how to sign in, from the URL. */
export function imapOptions(url: string): { host: string; port: number; secure: boolean; user: string; pass: string; mailbox: string } {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** Reads every unseen mail in the bounce mailbox once. */
export async function pollBounceMailbox(
  db: Kysely<Database>,
  settings: BounceSettings & { bounceImapUrl: string },
  now: () => Date,
): Promise<MailboxReport> {
  const options = imapOptions(settings.bounceImapUrl);
  const client = new ImapFlow({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: { user: options.user, pass: options.pass },
    logger: false,
  });
  const report: MailboxReport = { read: 0, unreadable: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(options.mailbox);
    try {
      for (const uid of (await client.search({ seen: false }, { uid: true })) || []) {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        const said = describeOutcome(await handleReturnedMail(db, settings, message.source, now()));
        if (said.warning) log.warn({ job: 'bounce-mailbox', uid }, said.warning);
        for (const line of said.out) log.info({ job: 'bounce-mailbox', uid }, line);
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        report.read += 1;
        if (said.exitCode !== 0) report.unreadable += 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  return report;
}

/** The worker job's run: the mailbox of BOUNCE_IMAP_URL, or nothing without one. */
export async function pollConfiguredBounceMailbox(deps: { db: Kysely<Database>; config: Config; clock: Clock }): Promise<void> {
  const url = deps.config.bounceImapUrl;
  if (url === undefined) return;
  const report = await pollBounceMailbox(deps.db, { ...deps.config, bounceImapUrl: url }, () => deps.clock.now());
  if (report.read > 0) log.info({ job: 'bounce-mailbox', ...report }, 'returned mail read');
}
