/** Patron credentials: the row sign-in and registration read, and saving a new password. */
import type { Kysely } from 'kysely';
import type { Locale } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { endPatronSessions } from '../http/session.ts';
import { deleteSubscriptionsOfPatron } from '../push/push.repo.ts';
import { queueMail } from '../mail/mail.repo.ts';
import { clearFailedSignIns } from './sign-in-guard.repo.ts';

type Db = Kysely<Database>;

export interface PatronCredentials {
  id: number;
  cardNumber: string;
  birthDate: CalendarDate;
  phone: string;
  passwordHash: string | null;
  /** The address notices go to: only a confirmed one. */
  confirmedEmail: string | null;
  locale: Locale;
}

/** What sign-in, registration and password change need to know about a patron. */
export async function findPatronCredentials(db: Db, by: { cardNumber: string } | { id: number }): Promise<PatronCredentials | undefined> {
  const query = db
    .selectFrom('patrons')
    .select(['id', 'card_number', 'birth_date', 'phone', 'password_hash', 'email', 'email_confirmed_at', 'locale']);
  const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('card_number', '=', by.cardNumber)).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    cardNumber: row.card_number,
    birthDate: row.birth_date,
    phone: row.phone,
    passwordHash: row.password_hash,
    confirmedEmail: row.email_confirmed_at ? row.email : null,
    locale: row.locale,
  };
}

/**
 * Sets a patron's new password in one transaction: the hash, a clean
 * lockout count, every other session ended (a thief signed in elsewhere is
 * thrown out) and every device's push subscription removed (a thief's
 * phone may be one of them), and a notice to the confirmed address, so a change the
 * patron did not make does not go unnoticed.
 */
export async function savePassword(
  db: Db,
  patron: Pick<PatronCredentials, 'id' | 'cardNumber' | 'confirmedEmail' | 'locale'>,
  change: { hash: string; notice: 'password-registered' | 'password-changed'; keepSession?: string },
  at: { now: Date; mailFrom: string },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('patrons')
      .set({
        password_hash: change.hash,
        legacy_birth_date_password: false,
        password_changed_at: at.now,
      })
      .where('id', '=', patron.id)
      .execute();
    await clearFailedSignIns(tx, { realm: 'patron', name: patron.cardNumber });
    await endPatronSessions(tx, patron.id, change.keepSession);
    await deleteSubscriptionsOfPatron(tx, patron.id);
    if (patron.confirmedEmail) {
      await queueMail(
        tx,
        { to: patron.confirmedEmail, patronId: patron.id, locale: patron.locale, content: { template: change.notice, data: {} } },
        at,
      );
    }
  });
}
