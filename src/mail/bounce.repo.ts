/**
 * Returned mail in the database: the outbox mail a bounce names, the bounce
 * itself, and the run of soft bounces that flags an address. Kysely only.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BounceSeverity } from './bounce.rules.ts';

type Db = Kysely<Database>;

export interface BouncedMail {
  id: number;
  patronId: number | null;
  cardNumber: string | null;
  toAddress: string;
}

/** The first of these Message-IDs the outbox knows. */
export async function findMailByMessageIds(db: Db, messageIds: string[]): Promise<BouncedMail | undefined> {
  if (messageIds.length === 0) return undefined;
  return db
    .selectFrom('outbox')
    .leftJoin('patrons', 'patrons.id', 'outbox.patron_id')
    .select(['outbox.id', 'outbox.patron_id as patronId', 'patrons.card_number as cardNumber', 'outbox.to_address as toAddress'])
    .where('outbox.message_id', 'in', messageIds)
    .orderBy('outbox.id', 'desc')
    .executeTakeFirst();
}

/**
 * Records the bounce of one mail. A second report for the same mail counts
 * once; a hard one replaces a soft one (the remote side gave up for good).
 */
export async function recordBounce(
  db: Db,
  bounce: { outboxId: number; severity: BounceSeverity; status: string; diagnostic: string; at: Date },
): Promise<void> {
  await db
    .insertInto('mail_bounces')
    .values({
      outbox_id: bounce.outboxId,
      severity: bounce.severity,
      status: bounce.status,
      diagnostic: bounce.diagnostic,
      received_at: bounce.at,
    })
    .onConflict((oc) =>
      oc
        .column('outbox_id')
        .doUpdateSet((eb) => ({
          severity: eb.ref('excluded.severity'),
          status: eb.ref('excluded.status'),
          diagnostic: eb.ref('excluded.diagnostic'),
          received_at: eb.ref('excluded.received_at'),
        }))
        .where('mail_bounces.severity', '=', 'soft'),
    )
    .execute();
}

/**
 * True when each of the last `run` mails sent to the patron at this address
 * came back: a run of soft bounces with no mail delivered in between (a
 * later mail that has not come back counts as delivered).
 */
export async function softBounceRun(db: Db, patronId: number, address: string, run: number): Promise<boolean> {
  const last = await db
    .selectFrom('outbox')
    .leftJoin('mail_bounces', 'mail_bounces.outbox_id', 'outbox.id')
    .select('mail_bounces.outbox_id as bounced')
    .where('outbox.patron_id', '=', patronId)
    .where(sql<string>`lower(outbox.to_address)`, '=', address.toLowerCase())
    .where('outbox.status', '=', 'sent')
    .orderBy('outbox.sent_at', 'desc')
    .orderBy('outbox.id', 'desc')
    .limit(run)
    .execute();
  return last.length === run && last.every((row) => row.bounced !== null);
}
