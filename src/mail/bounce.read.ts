/**
 * A raw mail → the facts bounce.rules.ts reads, with mailparser (nodemailer's
 * sibling, kept up by the same people): MIME structure, transfer encodings
 * and charsets such as the carriers' ISO-2022-JP are its business.
 */
import { type HeaderValue, simpleParser, type StructuredHeader } from 'mailparser';
import type { MailFacts } from './bounce.rules.ts';

/** Headers without which a text is not a mail. */
const MAIL_HEADERS = ['from', 'received', 'return-path', 'date', 'message-id'];

/** The size past which input is refused unread: a bounce with its returned copy is a few hundred KB at most. */
export const MAX_BOUNCE_BYTES = 10 * 1024 * 1024;

/** The facts of a mail, or null when the input is not a mail (no header block a mail has). */
export async function readMailFacts(raw: Buffer): Promise<MailFacts | null> {
  if (raw.length === 0 || raw.length > MAX_BOUNCE_BYTES) return null;
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headers: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (headers[key] ??= []).push(value);
  }
  if (!MAIL_HEADERS.some((name) => headers[name] !== undefined)) return null;
  const contentType = structured(parsed.headers.get('content-type'));
  return {
    headers,
    contentType: contentType?.value.toLowerCase() ?? 'text/plain',
    reportType: contentType?.params['report-type'],
    subject: parsed.subject ?? '',
    from: parsed.from?.value[0]?.address ?? '',
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((attachment) => attachment.content.toString('utf8')),
  };
}

/** A header mailparser read into a value and its parameters (Content-Type). */
function structured(value: HeaderValue | undefined): StructuredHeader | undefined {
  return typeof value === 'object' && value !== null && 'value' in value && 'params' in value ? (value as StructuredHeader) : undefined;
}
