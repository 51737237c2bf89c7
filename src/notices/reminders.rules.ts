/**
 * When reminders go out (SPEC §13): 「返却期限のお知らせ」 `dueSoonDays`
 * before a due date, and 「返却期限を過ぎた資料があります」 the day after it
 * and then every `overdueEveryDays`, at most `overdueNotices` times. Pure.
 */
import type { CalendarDate } from '../db/schema.ts';
import type { LibraryRules } from '../config.ts';
import { addDays, daysBetween } from '../time.ts';

export type ReminderSettings = LibraryRules['reminders'];

/** The due date whose loans get 「返却期限のお知らせ」 today. */
export function dueSoonDate(today: CalendarDate, settings: ReminderSettings): CalendarDate {
  return addDays(today, settings.dueSoonDays);
}

/** What has gone out for one loan and due date: how many overdue notices, and the day of the last. */
export interface OverdueHistory {
  sent: number;
  lastSentOn: CalendarDate | null;
}

/**
 * Whether an overdue loan gets its next notice today. The n-th notice is
 * due `1 + (n − 1) × every` days after the due date; a day the job did not
 * run is made up by the next run, but never two notices closer than
 * `every` days, so running the job again on a day changes nothing.
 */
export function overdueNoticeDue(dueDate: CalendarDate, today: CalendarDate, history: OverdueHistory, settings: ReminderSettings): boolean {
  if (history.sent >= settings.overdueNotices) return false;
  const overdueDays = daysBetween(dueDate, today);
  if (overdueDays < 1 + history.sent * settings.overdueEveryDays) return false;
  return history.lastSentOn === null || daysBetween(history.lastSentOn, today) >= settings.overdueEveryDays;
}

/** Groups rows by patron, in the order they came. */
export function byPatron<T extends { patronId: number }>(rows: T[]): T[][] {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.patronId);
    if (group) group.push(row);
    else groups.set(row.patronId, [row]);
  }
  return [...groups.values()];
}
