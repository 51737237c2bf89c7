/**
 * 予約の有効期限 in the database (SPEC §14): pending holds whose need-by
 * date has passed are cancelled, each in its own short transaction with its
 * notice and audit line, so a second run finds nothing left to do.
 */
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit.repo.ts';
import { readyNotice } from '../circulation/circulation.rules.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { queueMail } from '../mail/mail.repo.ts';

type Db = Kysely<Database>;

export interface NeedByRun {
  now: Date;
  today: CalendarDate;
  mailFrom: string;
}

/** Cancels every pending hold still waiting after its need-by date; how many were cancelled and how many mails queued. */
export async function cancelHoldsPastNeedBy(db: Db, run: NeedByRun): Promise<{ cancelled: number; mailed: number }> {
  const due = await db
    .selectFrom('holds')
    .select('id')
    .where('status', '=', 'pending')
    .where('need_by', '<', run.today)
    .orderBy('id')
    .execute();
  let cancelled = 0;
  let mailed = 0;
  for (const { id } of due) {
    const outcome = await db.transaction().execute((tx) => cancelOne(tx, id, run));
    if (outcome === null) continue;
    cancelled += 1;
    if (outcome === 'mailed') mailed += 1;
  }
  return { cancelled, mailed };
}

/**
 * One hold, conditional on it still being pending and past its date (a copy
 * trapped for it meanwhile wins). The patron is told as a ready hold would
 * be, by mail to an address that reaches them; 電話 and 連絡不要 get no
 * call for a cancellation: the account page lists it among recent holds.
 */
async function cancelOne(tx: Db, holdId: number, run: NeedByRun): Promise<'mailed' | 'silent' | null> {
  const hold = await tx
    .updateTable('holds')
    .set({ status: 'cancelled', closed_at: run.now, closed_reason: 'need_by_passed' })
    .where('id', '=', holdId)
    .where('status', '=', 'pending')
    .where('need_by', '<', run.today)
    .returning(['patron_id', 'record_id', 'contact', 'need_by'])
    .executeTakeFirst();
  if (!hold?.patron_id || !hold.need_by) return null;
  const patron = await tx
    .selectFrom('patrons')
    .select(['email', 'email_confirmed_at', 'email_undeliverable_at', 'locale'])
    .where('id', '=', hold.patron_id)
    .executeTakeFirstOrThrow();
  const record = await tx.selectFrom('records').select(['title', 'issue_label']).where('id', '=', hold.record_id).executeTakeFirstOrThrow();
  await audit(
    tx,
    { now: run.now, staffId: null },
    {
      action: 'hold-need-by-passed',
      patronId: hold.patron_id,
      recordId: hold.record_id,
      holdId,
      details: { needBy: hold.need_by },
    },
  );
  const notice = readyNotice(hold.contact, {
    confirmedEmail: patron.email_confirmed_at ? patron.email : null,
    undeliverable: patron.email_undeliverable_at !== null,
  });
  if (notice.kind !== 'email') return 'silent';
  const title = record.issue_label ? `${record.title} ${record.issue_label}` : record.title;
  await queueMail(
    tx,
    {
      to: notice.to,
      patronId: hold.patron_id,
      locale: patron.locale,
      content: { template: 'hold-need-by', data: { title, needBy: hold.need_by } },
    },
    { now: run.now, mailFrom: run.mailFrom },
  );
  return 'mailed';
}
