/** 新着資料のお知らせ: saved searches and the daily job's reads and claims. Kysely only; `db` first. */
import type { Kysely } from 'kysely';
import type { CalendarDate, Database, Material } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface Alert {
  id: number;
  query: string;
  material: Material | null;
  createdAt: Date;
}

export async function alertsOf(db: Db, patronId: number): Promise<Alert[]> {
  const rows = await db
    .selectFrom('new_arrival_alerts')
    .select(['id', 'query', 'material', 'created_at'])
    .where('patron_id', '=', patronId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, query: r.query, material: r.material, createdAt: r.created_at }));
}

/**
 * Saves a search; records catalogued from now on are new to it. The
 * patron's row is locked while the alerts are counted, so two requests at
 * once cannot pass the limit; 'same' when this search is saved already.
 */
export async function addAlert(
  db: Db,
  patronId: number,
  alert: { query: string; material: Material | null },
  limit: number,
  now: Date,
): Promise<'added' | 'same' | 'full'> {
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom('patrons').select('id').where('id', '=', patronId).forUpdate().executeTakeFirst();
    const existing = await alertsOf(tx, patronId);
    if (existing.some((a) => a.query === alert.query && a.material === alert.material)) return 'same';
    if (existing.length >= limit) return 'full';
    await tx
      .insertInto('new_arrival_alerts')
      .values({ patron_id: patronId, query: alert.query, material: alert.material, created_at: now, checked_up_to: now })
      .execute();
    return 'added';
  });
}

export async function deleteAlert(db: Db, patronId: number, alertId: number): Promise<boolean> {
  const result = await db.deleteFrom('new_arrival_alerts').where('id', '=', alertId).where('patron_id', '=', patronId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** An alert the job looks at: its patron's address is confirmed and mail reaches it. */
export interface MailableAlert {
  id: number;
  query: string;
  material: Material | null;
  checkedUpTo: Date;
  lastMailedOn: CalendarDate | null;
  patronId: number;
  email: string;
  locale: 'ja' | 'en';
}

/**
 * Alerts of patrons a mail may go to today: a confirmed address that mail
 * reaches, and no new-arrivals mail yet today. Nothing goes to an
 * unconfirmed or undeliverable address (SPEC §13).
 */
export async function mailableAlerts(db: Db, today: CalendarDate): Promise<MailableAlert[]> {
  const rows = await db
    .selectFrom('new_arrival_alerts as a')
    .innerJoin('patrons as p', 'p.id', 'a.patron_id')
    .select(['a.id', 'a.query', 'a.material', 'a.checked_up_to', 'a.last_mailed_on', 'p.id as patronId', 'p.email', 'p.locale'])
    .where('p.email', 'is not', null)
    .where('p.email_confirmed_at', 'is not', null)
    .where('p.email_undeliverable_at', 'is', null)
    .where((eb) => eb.or([eb('p.new_arrivals_mailed_on', 'is', null), eb('p.new_arrivals_mailed_on', '<', today)]))
    .orderBy('p.id')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    query: r.query,
    material: r.material,
    checkedUpTo: r.checked_up_to,
    lastMailedOn: r.last_mailed_on,
    patronId: r.patronId,
    email: r.email!,
    locale: r.locale,
  }));
}

/**
 * Claims the patron's new-arrivals mail of the day: false when another run
 * (or another worker) already sent one today, and then nothing is sent.
 */
export async function claimPatronDay(db: Db, patronId: number, today: CalendarDate): Promise<boolean> {
  const row = await db
    .updateTable('patrons')
    .set({ new_arrivals_mailed_on: today })
    .where('id', '=', patronId)
    .where((eb) => eb.or([eb('new_arrivals_mailed_on', 'is', null), eb('new_arrivals_mailed_on', '<', today)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The alerts mailed: what they looked at is now behind them, and they wait a week. */
export async function markAlertsMailed(db: Db, alertIds: number[], upTo: Date, today: CalendarDate): Promise<void> {
  if (alertIds.length === 0) return;
  await db.updateTable('new_arrival_alerts').set({ checked_up_to: upTo, last_mailed_on: today }).where('id', 'in', alertIds).execute();
}
