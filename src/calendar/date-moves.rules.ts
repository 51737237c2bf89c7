/**
 * What a new closure does to dates already given (SPEC §10): a due date or
 * pickup deadline that now falls on a closed day moves to the next open
 * day, and each patron who wants mail hears of all their moved dates in
 * one mail. Nothing is ever moved earlier: removing a closure or adding an
 * open day shortens nothing.
 */
import type { CalendarDate } from '../db/schema.ts';
import { calendarAt, type LibraryCalendar, nextOpenDay } from './calendar.rules.ts';

/** A due date (of a loan) or a pickup deadline (of a ready hold) that may have to move. */
export interface DatedItem {
  kind: 'due' | 'pickup';
  id: number;
  patronId: number;
  title: string;
  date: CalendarDate;
  /** Whose calendar the date follows: where the copy was lent or the hold is picked up (null: the library's). */
  place: string | null;
  /** The address to tell, or null when the patron did not choose mail for this kind of date. */
  mailTo: string | null;
  locale: 'ja' | 'en';
}

export interface DateMove extends DatedItem {
  newDate: CalendarDate;
  /** A ready hold moved off a bookmobile stop that no longer runs: the stop it now rides to (null: none ahead). */
  newStop?: CalendarDate | null;
}

/** The items whose date is now closed, each with the next open day; items on an open day stay. */
export function datesToMove(items: readonly DatedItem[], calendar: LibraryCalendar): DateMove[] {
  return items.flatMap((item) => {
    const newDate = nextOpenDay(item.date, calendarAt(calendar, item.place));
    return newDate > item.date ? [{ ...item, newDate }] : [];
  });
}

/** How many dates a change moved: due dates, pickup deadlines moved off closed days, and holds moved to a later stop. */
export interface MovedCounts {
  loans: number;
  holds: number;
  stops: number;
}

/** The counts of `moves`; a hold moved to the next stop and then off a closed day counts once in each. */
export function movedCounts(moves: readonly DateMove[]): MovedCounts {
  return {
    loans: moves.filter((m) => m.kind === 'due').length,
    holds: moves.filter((m) => m.kind === 'pickup' && m.newStop === undefined).length,
    stops: moves.filter((m) => m.newStop !== undefined).length,
  };
}

/** One moved item in a mail: its final date and, for a hold moved to another bookmobile stop, that stop. */
export interface MovedMailItem {
  kind: 'due' | 'pickup';
  title: string;
  date: CalendarDate;
  stop?: CalendarDate | null;
}

/** One mail per patron to tell: the address, the locale, and their moved dates in date order. */
export interface MovedDatesMail {
  patronId: number;
  to: string;
  locale: 'ja' | 'en';
  items: MovedMailItem[];
}

/**
 * The mails for `moves`, in the order they were made: an item moved twice
 * (a hold moved to the next stop, then its deadline off a closed day) is
 * one line with its last date and its stop.
 */
export function movedDatesMails(moves: readonly DateMove[]): MovedDatesMail[] {
  const mails = new Map<string, MovedDatesMail>();
  const items = new Map<string, MovedMailItem>();
  for (const move of moves) {
    if (move.mailTo === null) continue;
    const key = `${move.patronId} ${move.mailTo}`;
    const mail = mails.get(key) ?? { patronId: move.patronId, to: move.mailTo, locale: move.locale, items: [] };
    mails.set(key, mail);
    const itemKey = `${key} ${move.kind} ${move.id}`;
    let item = items.get(itemKey);
    if (!item) {
      item = { kind: move.kind, title: move.title, date: move.newDate };
      items.set(itemKey, item);
      mail.items.push(item);
    }
    item.date = move.newDate;
    if (move.newStop !== undefined) item.stop = move.newStop;
  }
  return [...mails.values()].map((mail) => ({ ...mail, items: mail.items.sort((a, b) => a.date.localeCompare(b.date)) }));
}
