/** 新着資料のお知らせ: what a saved search may be, and when it may mail (pure). */
import { materials, parseQuery } from '../catalog/catalog.rules.ts';
import type { CalendarDate, Material } from '../db/schema.ts';
import { daysBetween } from '../time.ts';

/** Saved searches per patron: enough for a reader's authors and series, few enough for one daily mail to stay short. */
export const MAX_ALERTS = 20;
/** An alert mails at most once in this many days (SPEC §14: once a week). */
export const ALERT_EVERY_DAYS = 7;
/** Titles one alert lists in a mail; the rest are counted, and the search link shows them. */
export const TITLES_PER_ALERT = 20;

export type AlertInput =
  | { ok: true; query: string; material: Material | null }
  | { ok: false; errors: { field: 'q' | 'type'; key: 'alerts.emptyQuery' | 'alerts.tooLong' | 'alerts.badType' }[] };

/** The form's search and type, checked as the search box reads them. */
export function parseAlert(q: string, type: string): AlertInput {
  const query = q.trim();
  const parsed = parseQuery(query);
  const errors: Extract<AlertInput, { ok: false }>['errors'] = [];
  if (parsed.kind === 'empty') errors.push({ field: 'q', key: 'alerts.emptyQuery' });
  if (parsed.kind === 'tooLong') errors.push({ field: 'q', key: 'alerts.tooLong' });
  const material = materials.find((m) => m === type) ?? null;
  if (type !== '' && material === null) errors.push({ field: 'type', key: 'alerts.badType' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, query, material };
}

/** True when the alert has not mailed within the week. */
export function alertDue(lastMailedOn: CalendarDate | null, today: CalendarDate): boolean {
  return lastMailedOn === null || daysBetween(lastMailedOn, today) >= ALERT_EVERY_DAYS;
}
