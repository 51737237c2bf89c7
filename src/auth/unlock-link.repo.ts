/**
 * One-time links that end a card's lock early, mailed to the patron's
 * confirmed address when the card locks. Only the token's hash is stored,
 * as for session tokens; a link expires when its lock ends and works once.
 * Opening it only shows a button: the POST uses it, so a mail scanner that
 * fetches every link cannot.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashToken } from '../http/session.ts';
import { queueMail } from '../mail/mail.repo.ts';

type Db = Kysely<Database>;

/** The path an unlock link opens, with its token (SPEC §10 style: stable once mailed). */
export function unlockPath(token: string): string {
  return `/login/unlock/${token}`;
}

/**
 * Queues the unlock mail for a card that has just locked, when a patron
 * holds the card and has a confirmed address; nothing for any other card.
 * One link per lock: a second call for the same lock finds its link made.
 */
export async function mailUnlockLink(
  db: Db,
  lock: { cardNumber: string; until: Date },
  at: { now: Date; mailFrom: string; siteUrl: string },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const patron = await tx
      .selectFrom('patrons')
      .select(['id', 'email', 'locale'])
      .where('card_number', '=', lock.cardNumber)
      .where('email_confirmed_at', 'is not', null)
      .executeTakeFirst();
    if (!patron?.email) return;
    const token = randomBytes(32).toString('base64url');
    const made = await tx
      .insertInto('sign_in_unlocks')
      .values({ token_hash: hashToken(token), card_number: lock.cardNumber, expires_at: lock.until })
      .onConflict((oc) => oc.columns(['card_number', 'expires_at']).doNothing())
      .returning('token_hash')
      .executeTakeFirst();
    if (!made) return;
    const data = { url: `${at.siteUrl}${unlockPath(token)}`, until: lock.until.toISOString() };
    await queueMail(
      tx,
      { to: patron.email, patronId: patron.id, locale: patron.locale, content: { template: 'sign-in-unlock', data } },
      at,
    );
  });
}

/** Whether a link can still be used: known, unused and its lock not over. */
export async function unlockLinkUsable(db: Db, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_unlocks')
    .select('token_hash')
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Uses a link: marks it used and forgets the card's count and lock, in one
 * statement, so two clicks at once unlock once. False when the link is
 * unknown, used or expired.
 */
export async function useUnlockLink(db: Db, token: string, now: Date): Promise<boolean> {
  const result = await sql<{ card_number: string }>`
    WITH used AS (
      UPDATE sign_in_unlocks SET used_at = ${now}::timestamptz
       WHERE token_hash = ${hashToken(token)} AND used_at IS NULL AND expires_at > ${now}::timestamptz
      RETURNING card_number),
    cleared AS (DELETE FROM sign_in_counts WHERE realm = 'patron' AND name IN (SELECT card_number FROM used))
    SELECT card_number FROM used`.execute(db);
  return result.rows.length > 0;
}
