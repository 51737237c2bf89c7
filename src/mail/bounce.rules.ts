/**
 * What a returned mail says: an RFC 3464 delivery-status report, a
 * provider's own plain-text bounce (Gmail, Yahoo! JAPAN, the carriers' 「Mail
 * System Error」), a delay warning, or an auto-reply. Pure: it reads the
 * facts bounce.read.ts takes out of the MIME structure; sisimai's rules
 * (github.com/sisimai) were the model for the markers.
 */

/** The parts of a mail the rules read. */
export interface MailFacts {
  /** Header values by lower-case name, unfolded, in order. */
  headers: Record<string, string[]>;
  /** The top-level Content-Type without parameters, lower case. */
  contentType: string;
  /** The `report-type` parameter of a multipart/report. */
  reportType: string | undefined;
  subject: string;
  /** The From address. */
  from: string;
  /** The decoded text parts, a delivery-status part included (mailparser gives it as text). */
  text: string;
  /** Attached parts as text: the returned message or its headers. */
  attachments: string[];
}

export type BounceSeverity = 'hard' | 'soft';

export interface FailedRecipient {
  address: string | null;
  /** The enhanced status code (RFC 3463), e.g. 5.1.1. */
  status: string;
  severity: BounceSeverity;
  /** The remote server's words, for the flag's reason. */
  diagnostic: string;
}

export type BounceReading =
  /** A delivery failed for good (5.x.x: hard) or after retries for a temporary reason (4.x.x: soft). */
  | { kind: 'bounce'; format: 'rfc3464' | 'plain'; recipients: FailedRecipient[] }
  /** Delivery is only delayed: the remote side goes on trying. */
  | { kind: 'delay' }
  /** A vacation or out-of-office answer (RFC 3834): nothing failed. */
  | { kind: 'auto-reply' }
  /** A mail, but none of the above (a person's reply). */
  | { kind: 'other' };

/** RFC 3463 class.subject.detail, not part of an IP address such as 5.6.7.8. */
const ENHANCED_STATUS = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/;
const SMTP_REPLY = /\b([45])[0-9]{2}\b/;
const ADDRESS = /[^\s<>"'()[\],;:@]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** Senders of non-delivery reports (the local part, or the display name). */
const DAEMON_SENDER = /^(mailer-daemon|postmaster|mail delivery (subsystem|system)|mail administrator|mdaemon)\b/i;
const BOUNCE_SUBJECT =
  /(undeliver|undelivered|delivery (status notification|failure|has failed)|returned mail|failure notice|mail delivery failed|mail system error|could not be delivered|non[- ]?delivery|配信(不能|エラー|失敗)|送信エラー|届きませんでした)/i;
const DELAY_MARKER =
  /(\(delay\)|delivery (has been )?delayed|delayed mail|warning message only|message still undelivered|will (keep|be) (trying|retried)|遅延)/i;
const AUTO_REPLY_SUBJECT =
  /^\s*(auto(matic)?[ -]?(reply|response|respons|answer)|out of (the )?office|away|vacation|自動(応答|返信)|不在)/i;
/** Temporary conditions named in words when a plain bounce gives no code. */
const SOFT_WORDS = /(mailbox (is )?full|over ?quota|quota exceeded|temporar|try again later|容量)/i;
/** Where a plain bounce's copy of the returned message begins: addresses after it are the library's, not the failed ones. */
const ORIGINAL_MARKER =
  /^(-+ ?(original message|below this line is a copy|this is a copy|the original message)|\s*(original message follows|-+ ?undelivered message)|Received: |Return-Path: )/im;

/** The first value of a header. */
function header(facts: MailFacts, name: string): string | undefined {
  return facts.headers[name]?.[0];
}

function severityOf(status: string): BounceSeverity | null {
  if (status.startsWith('5.')) return 'hard';
  if (status.startsWith('4.')) return 'soft';
  return null;
}

/** An enhanced status code from a diagnostic, or one made from its SMTP reply code (550 → 5.0.0). */
function statusFrom(text: string): string | null {
  const enhanced = ENHANCED_STATUS.exec(text);
  if (enhanced) return `${enhanced[1]}.${enhanced[2]}.${enhanced[3]}`;
  const reply = SMTP_REPLY.exec(text);
  return reply ? `${reply[1]}.0.0` : null;
}

/** The field blocks of a delivery-status body: blank-line separated, continuation lines unfolded. */
function statusBlocks(text: string): Record<string, string>[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
        if (match) fields[match[1]!.toLowerCase()] = match[2]!.trim();
      }
      return fields;
    });
}

/** `rfc822; user@example.jp` → `user@example.jp`. */
function typedAddress(value: string | undefined): string | null {
  if (!value) return null;
  return ADDRESS.exec(value.slice(value.indexOf(';') + 1))?.[0] ?? null;
}

/** The per-recipient blocks of an RFC 3464 report: each with Action failed is a bounce; delayed, delivered, relayed are not. */
function readDeliveryStatus(facts: MailFacts): BounceReading {
  const recipients = statusBlocks(facts.text).filter((fields) => fields['final-recipient'] || fields['original-recipient']);
  const failed: FailedRecipient[] = [];
  let delayed = false;
  for (const fields of recipients) {
    const action = (fields.action ?? '').toLowerCase();
    if (action.startsWith('delayed')) delayed = true;
    if (!action.startsWith('failed')) continue;
    const diagnostic = fields['diagnostic-code'] ?? '';
    const status = statusFrom(fields.status ?? '') ?? statusFrom(diagnostic) ?? '5.0.0';
    const severity = severityOf(status);
    if (severity === null) continue;
    failed.push({
      address: typedAddress(fields['final-recipient']) ?? typedAddress(fields['original-recipient']),
      status,
      severity,
      diagnostic: diagnostic.replace(/^smtp;\s*/i, ''),
    });
  }
  if (failed.length > 0) return { kind: 'bounce', format: 'rfc3464', recipients: failed };
  return delayed ? { kind: 'delay' } : { kind: 'other' };
}

/** A provider's plain bounce: the failed address and code are in its own words, before its copy of the message. */
function readPlainBounce(facts: MailFacts): BounceReading {
  const report = facts.text.split(ORIGINAL_MARKER)[0] ?? facts.text;
  if (DELAY_MARKER.test(facts.subject) || DELAY_MARKER.test(report)) return { kind: 'delay' };
  const failedHeader = header(facts, 'x-failed-recipients');
  const address = ADDRESS.exec(failedHeader ?? '')?.[0] ?? ADDRESS.exec(report)?.[0] ?? null;
  const status = statusFrom(report) ?? (SOFT_WORDS.test(report) ? '4.0.0' : '5.0.0');
  const severity = severityOf(status);
  if (severity === null) return { kind: 'other' };
  const diagnosticLine = report.split('\n').find((line) => line.includes(status) || SMTP_REPLY.test(line));
  const diagnostic = (diagnosticLine ?? report.trim().split('\n')[0] ?? '').trim();
  return { kind: 'bounce', format: 'plain', recipients: [{ address, status, severity, diagnostic }] };
}

/** A mailer daemon's report; a null Return-Path alone says nothing, since auto-replies are sent with one too (RFC 3834). */
function fromDaemon(facts: MailFacts): boolean {
  const sender = facts.from.split('@')[0] ?? '';
  return (
    /mailer-daemon/i.test(header(facts, 'return-path') ?? '') ||
    DAEMON_SENDER.test(sender) ||
    DAEMON_SENDER.test(header(facts, 'from') ?? '')
  );
}

function isAutoReply(facts: MailFacts): boolean {
  const submitted = header(facts, 'auto-submitted')?.toLowerCase() ?? 'no';
  const precedence = header(facts, 'precedence')?.toLowerCase() ?? '';
  return (
    submitted.startsWith('auto-replied') ||
    facts.headers['x-autoreply'] !== undefined ||
    facts.headers['x-autorespond'] !== undefined ||
    precedence === 'auto_reply' ||
    AUTO_REPLY_SUBJECT.test(facts.subject)
  );
}

/**
 * Reads a mail that came back to the bounce address. A delivery-status
 * report is read first, since some servers mark their reports
 * `Auto-Submitted: auto-replied`; then a bounce from a mailer daemon; then an
 * auto-reply, whose sender is a person.
 */
export function readBounce(facts: MailFacts): BounceReading {
  if (facts.contentType === 'multipart/report' && facts.reportType?.toLowerCase().endsWith('delivery-status')) {
    return readDeliveryStatus(facts);
  }
  if (header(facts, 'x-failed-recipients') !== undefined || fromDaemon(facts)) return readPlainBounce(facts);
  if (isAutoReply(facts)) return { kind: 'auto-reply' };
  return BOUNCE_SUBJECT.test(facts.subject) ? readPlainBounce(facts) : { kind: 'other' };
}

/** Every address in the mail's headers and text: where a VERP tag may be found (Delivered-To, To, the returned copy's Return-Path). */
export function addressesIn(facts: MailFacts): string[] {
  const texts = [...Object.values(facts.headers).flat(), facts.text, ...facts.attachments];
  return texts.flatMap((text) => text.match(new RegExp(ADDRESS.source, 'g')) ?? []);
}

/** Message-IDs of the returned message, as its copy in the bounce names them. */
export function returnedMessageIds(facts: MailFacts): string[] {
  const texts = [facts.text, ...facts.attachments];
  return texts.flatMap((text) => [...text.matchAll(/^Message-I[Dd]:\s*(<[^<>\s]+>)/gim)].map((match) => match[1]!));
}

/** Which provider wrote a bounce, by the reporting domain (for the command's report). */
export function providerOf(facts: MailFacts): string | null {
  const text = `${facts.from} ${header(facts, 'received') ?? ''} ${facts.text.slice(0, 2000)}`.toLowerCase();
  const providers: [RegExp, string][] = [
    [/google(mail)?\.com/, 'Gmail'],
    [/(hotmail|outlook|live)\.com|protection\.outlook/, 'Outlook/Hotmail'],
    [/yahoo\.co\.jp/, 'Yahoo! JAPAN'],
    [/docomo\.ne\.jp/, 'NTT docomo'],
    [/ezweb\.ne\.jp|au\.com/, 'au (KDDI)'],
    [/softbank\.(ne\.)?jp|y-mobile\.ne\.jp/, 'SoftBank'],
  ];
  return providers.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}
