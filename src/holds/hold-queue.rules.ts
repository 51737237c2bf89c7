/**
 * Who may be served from a record's queue (SPEC §14): a suspended hold and a
 * series hold whose earlier title is not finished keep their place but are
 * passed over at checkin. Pure: the repositories read the rows, `today` is
 * the library's date.
 */
import type { CalendarDate, HoldStatus } from '../db/schema.ts';

/** Statuses of a hold that is not finished yet: a later title of its series still waits for it. */
const UNFINISHED: readonly HoldStatus[] = ['pending', 'in_transit', 'ready'];

/** What the rule needs to know about a pending hold. */
export interface QueuedHold {
  suspendedUntil: CalendarDate | null;
  /** The status of the series' earlier hold; null outside a series, for the first title, or once its row is gone. */
  earlierStatus: HoldStatus | null;
}

/** True while a suspension runs: it ends by itself on `until`, no job needed. */
export function isSuspended(suspendedUntil: CalendarDate | null, today: CalendarDate): boolean {
  return suspendedUntil !== null && today < suspendedUntil;
}

/** True while the series' earlier title is still to be collected (pending, in transit or on the hold shelf). */
export function waitsForEarlier(earlierStatus: HoldStatus | null): boolean {
  return earlierStatus !== null && UNFINISHED.includes(earlierStatus);
}

/** True when checkin must pass the hold over today: the copy goes to the next hold in the queue. */
export function passedOver(hold: QueuedHold, today: CalendarDate): boolean {
  return isSuspended(hold.suspendedUntil, today) || waitsForEarlier(hold.earlierStatus);
}

/** 順番予約 「2/3」: a hold's place in its series. */
export interface SeriesPlace {
  position: number;
  size: number;
}

/** The series places of `placed` holds of one confirmation: in order when asked for and there are two or more, else none. */
export function seriesPlaces(placed: number, inOrder: boolean): (SeriesPlace | null)[] {
  const series = inOrder && placed >= 2;
  return Array.from({ length: placed }, (_, i) => (series ? { position: i + 1, size: placed } : null));
}
