/**
 * The calendar feed's events: loans grouped by due date, ready holds by
 * pickup deadline and place, and a hold the bookmobile brings by its stop
 * and station (the day the patron meets the van) (pure).
 */
import type { CalendarDate } from '../db/schema.ts';

export interface FeedLoan {
  dueDate: CalendarDate;
  title: string;
}

export interface FeedHold {
  pickupDeadline: CalendarDate;
  /** A pickup place code. */
  place: string;
  title: string;
  /** At a 「BM」 station, the van's stop that brings it; null elsewhere. */
  stop: CalendarDate | null;
}

/** One all-day event: the loans due that day, the holds waiting at one place until that day, or those the van brings to a station that day. */
export type FeedEvent =
  | { kind: 'due'; date: CalendarDate; titles: string[] }
  | { kind: 'pickup' | 'bookmobile'; date: CalendarDate; place: string; titles: string[] };

/** A token's shape: 32 random bytes in base64url. Anything else is no feed's, without asking the database. */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * One event per due date and one per pickup deadline and place, in date
 * order, so a calendar shows 「返却期限（2点）」 once rather than an event per
 * book: fewer events, and a count says less than a list of titles.
 */
export function feedEvents(loans: FeedLoan[], holds: FeedHold[]): FeedEvent[] {
  const events = new Map<string, FeedEvent>();
  for (const loan of loans) {
    const key = `due ${loan.dueDate}`;
    const event = events.get(key) ?? { kind: 'due', date: loan.dueDate, titles: [] };
    event.titles.push(loan.title);
    events.set(key, event);
  }
  for (const hold of holds) {
    const kind = hold.stop === null ? 'pickup' : 'bookmobile';
    const date = hold.stop ?? hold.pickupDeadline;
    const key = `${kind} ${date} ${hold.place}`;
    const event = events.get(key) ?? { kind, date, place: hold.place, titles: [] };
    event.titles.push(hold.title);
    events.set(key, event);
  }
  return [...events.values()].sort((a, b) => (a.date === b.date ? a.kind.localeCompare(b.kind) : a.date < b.date ? -1 : 1));
}

/** The event's UID: the same day and place keep it across fetches, so a calendar app updates the event instead of adding one. */
export function eventUid(event: FeedEvent, host: string): string {
  return event.kind === 'due' ? `due-${event.date}@${host}` : `${event.kind}-${event.date}-${event.place}@${host}`;
}
