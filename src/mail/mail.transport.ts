/**
 * The one place nodemailer transports are made: SMTP to `SMTP_URL`, or,
 * without it, .eml files in the data folder. The delivery worker only sees
 * `MailTransport`, so tests and the benchmark hand it the transport they want.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';
import { emlFileName } from './mail.rules.ts';

/** One rendered mail, ready to hand over. */
export interface OutgoingMail {
  messageId: string;
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  /** The Date header: when the mail was queued, the same on every retry. */
  date: Date;
  /** The SMTP envelope: `from` is the mail's VERP address under BOUNCE_ADDRESS, where a returned mail goes. */
  envelope?: { from: string; to: string };
}

export interface MailTransport {
  /** Resolves once the next hop accepted the mail; rejects with nodemailer's error (code, responseCode, command, response). */
  send(mail: OutgoingMail): Promise<void>;
  /** Ends open connections. */
  close(): void;
}

/** SMTP connections one worker keeps open at once. */
const SMTP_CONNECTIONS = 5;

/** The transport the configuration asks for. */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'dataDir'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : folderTransport(mailFolder(config.dataDir));
}

/** Where mail goes without SMTP_URL. */
export function mailFolder(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

/**
 * SMTP over a small connection pool. The timeouts are far below the
 * worker's lease (mail.rules.ts), so a hung server never lets a second
 * worker take a mail the first one is still sending.
 */
export function smtpTransport(url: string): MailTransport {
  const transporter = createTransport({
    url,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}

/** Writes each mail as `<Message-ID>.eml` into `folder` (created when needed). */
export function folderTransport(folder: string): MailTransport {
  const transporter = createTransport({ streamTransport: true, buffer: true });
  return {
    async send(mail) {
      const info = await transporter.sendMail(mail);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, emlFileName(mail.messageId)), info.message);
    },
    close: () => transporter.close(),
  };
}
