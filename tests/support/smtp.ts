/**
 * A real SMTP server on 127.0.0.1 for mail tests (smtp-server), reading
 * what arrives with mailparser. A test can make it refuse the next
 * recipients with chosen reply codes, or stop it and start it again on the
 * same port (a relay that is down for a while).
 */
import net from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { type SMTPServerError, SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** For smtpTransport(): no STARTTLS on this server. */
  url: string;
  /** Every mail that arrived, parsed, in order. */
  received: ParsedMail[];
  /** The SMTP envelope of each mail that arrived (MAIL FROM, RCPT TO), in the same order. */
  envelopes: { from: string; to: string[] }[];
  /** RCPT TO commands seen, accepted or not. */
  recipientAttempts: number;
  /** Reply codes for the next RCPT TO commands (e.g. [451, 451] or [550]); accepted once empty. */
  refuseNext: number[];
  /** Resolves once `count` mails have arrived. */
  waitForMails(count: number): Promise<void>;
  stop(): Promise<void>;
  /** Starts listening again on the same port. */
  start(): Promise<void>;
}

const replies: Record<number, string> = {
  451: '4.3.0 Mailbox temporarily unavailable, try again later',
  550: '5.1.1 Recipient address rejected: User unknown in virtual mailbox table',
};

/** A port that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts a sink on `port` (a free one by default); `listening: false` leaves it stopped. */
export async function startSmtpSink(options: { port?: number; listening?: boolean } = {}): Promise<SmtpSink> {
  const port = options.port ?? (await freePort());
  let server: SMTPServer | undefined;
  const sink: SmtpSink = {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received: [],
    envelopes: [],
    recipientAttempts: 0,
    refuseNext: [],
    async waitForMails(count) {
      while (sink.received.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onRcptTo(_address, _session, callback) {
          sink.recipientAttempts += 1;
          const code = sink.refuseNext.shift();
          if (code === undefined) return callback();
          const error: SMTPServerError = new Error(replies[code] ?? 'refused');
          error.responseCode = code;
          callback(error);
        },
        onData(stream, session, callback) {
          const { mailFrom, rcptTo } = session.envelope;
          simpleParser(stream).then(
            (mail) => {
              sink.envelopes.push({ from: mailFrom ? mailFrom.address : '', to: rcptTo.map((rcpt) => rcpt.address) });
              sink.received.push(mail);
              callback();
            },
            (error: Error) => callback(error),
          );
        },
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      const stopping = server;
      server = undefined;
      if (stopping) await new Promise<void>((resolve) => stopping.close(() => resolve()));
    },
  };
  if (options.listening !== false) await sink.start();
  return sink;
}
