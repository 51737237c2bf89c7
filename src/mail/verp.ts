/**
 * VERP: every mail leaves with its own envelope sender, `bounce+TAG@domain`
 * under BOUNCE_ADDRESS, so a returned mail names the message it returns
 * even when the provider rewrites or drops everything else. TAG is the
 * random UUID of the mail's Message-ID: unguessable (122 random bits), so a
 * forged bounce cannot flag anyone's address but the forger's own (only the
 * recipient ever sees a mail's Message-ID), and the outbox finds the mail by
 * its unique message_id with no extra column. Pure: no I/O.
 */
import { mailDomain } from './mail.rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The UUID part of a Message-ID `<uuid@domain>`, or null for one the outbox did not make. */
function messageTag(messageId: string): string | null {
  const tag = /^<([^@>]+)@[^>]+>$/.exec(messageId)?.[1]?.toLowerCase();
  return tag !== undefined && UUID.test(tag) ? tag : null;
}

/** The envelope sender of one mail: `local+TAG@domain`, or the bounce address itself when the Message-ID carries no tag. */
export function verpAddress(bounceAddress: string, messageId: string): string {
  const tag = messageTag(messageId);
  if (tag === null) return bounceAddress;
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${tag}${bounceAddress.slice(at)}`;
}

/** The tag of an address that is `bounceAddress` with a VERP tag (any case), else null. */
export function verpTagOf(address: string, bounceAddress: string): string | null {
  const at = bounceAddress.lastIndexOf('@');
  const local = bounceAddress.slice(0, at).toLowerCase();
  const domain = bounceAddress.slice(at + 1).toLowerCase();
  const match = /^<?([^@<>\s]+)\+([^@<>\s]+)@([^@<>\s]+?)>?$/.exec(address.trim().toLowerCase());
  if (!match || match[1] !== local || match[3] !== domain) return null;
  return UUID.test(match[2]!) ? match[2]! : null;
}

/** The Message-ID the outbox gave the mail with this tag (made by newMessageId from MAIL_FROM). */
export function messageIdOfTag(tag: string, mailFrom: string): string {
  return `<${tag}@${mailDomain(mailFrom)}>`;
}
