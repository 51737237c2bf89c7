/**
 * The daily 新着資料のお知らせ job: for each patron a mail may reach, the
 * saved searches not mailed within the week that have records catalogued
 * since they last looked go out in one mail. The patron's day is claimed in
 * the transaction that queues the mail and moves the alerts on, so a second
 * run that day (or another worker) sends that patron nothing more.
 */
import type { Kysely } from 'kysely';
import { newlyCatalogued } from '../catalog/catalog.repo.ts';
import { parseQuery, searchUrl } from '../catalog/catalog.rules.ts';
import type { Config } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import type { DailyJob } from '../jobs/daily-jobs.ts';
import { queueMail } from '../mail/mail.repo.ts';
import type { NewArrivalsBlock } from './alerts.mail.ts';
import { claimPatronDay, mailableAlerts, type MailableAlert, markAlertsMailed } from './alerts.repo.ts';
import { alertDue, TITLES_PER_ALERT } from './alerts.rules.ts';

/** What a due alert has new; null when nothing. */
async function newFor(db: Kysely<Database>, alert: MailableAlert, now: Date, siteUrl: string): Promise<NewArrivalsBlock | null> {
  const parsed = parseQuery(alert.query);
  if (parsed.kind !== 'terms') return null;
  const found = await newlyCatalogued(
    db,
    { terms: parsed.terms, type: alert.material },
    { after: alert.checkedUpTo, upTo: now, limit: TITLES_PER_ALERT },
  );
  if (found.total === 0) return null;
  const search = searchUrl({ q: alert.query, type: alert.material, available: false, sort: 'newest', page: 1 }, 1);
  return {
    query: alert.query,
    url: `${siteUrl}${search}`,
    titles: found.records.map((r) => r.title),
    more: found.total - found.records.length,
  };
}

/** Sends the day's new-arrival mails (idempotent for a day); how many mails went into the outbox. */
export async function sendNewArrivals(
  db: Kysely<Database>,
  config: Pick<Config, 'mailFrom' | 'siteUrl'>,
  today: CalendarDate,
  now: Date,
): Promise<number> {
  const due = (await mailableAlerts(db, today)).filter((alert) => alertDue(alert.lastMailedOn, today));
  // Node 20 has no Map.groupBy.
  const byPatron = new Map<number, MailableAlert[]>();
  for (const alert of due) byPatron.set(alert.patronId, [...(byPatron.get(alert.patronId) ?? []), alert]);
  let mails = 0;
  for (const [patronId, alerts] of byPatron) {
    const blocks: { alertId: number; block: NewArrivalsBlock }[] = [];
    for (const alert of alerts) {
      const block = await newFor(db, alert, now, config.siteUrl);
      if (block) blocks.push({ alertId: alert.id, block });
    }
    if (blocks.length === 0) continue;
    const { email, locale } = alerts[0]!;
    const sent = await db.transaction().execute(async (tx) => {
      if (!(await claimPatronDay(tx, patronId, today))) return false;
      const content = { template: 'new-arrivals' as const, data: { alerts: blocks.map((b) => b.block) } };
      await queueMail(tx, { to: email, patronId, locale, content }, { now, mailFrom: config.mailFrom });
      await markAlertsMailed(
        tx,
        blocks.map((b) => b.alertId),
        now,
        today,
      );
      return true;
    });
    if (sent) mails += 1;
  }
  return mails;
}

/** The daily job, with a one-line summary. */
export const newArrivalsJob: DailyJob = {
  name: 'new-arrivals',
  run: async ({ db, config, today, now }) => `new-arrival alerts: ${await sendNewArrivals(db, config, today, now)} mail(s)`,
};
