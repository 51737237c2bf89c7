/**
 * Checking a mail's data as read back from the outbox, where it is JSON
 * written by whichever version queued it: a list that does not fit fails the
 * mail instead of sending a broken one.
 */

/** True for a non-empty list whose every item is an object that `fits`. */
export function isListOf<T>(value: unknown, fits: (item: Partial<Record<keyof T, unknown>>) => boolean): value is T[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item: unknown) => typeof item === 'object' && item !== null && fits(item as Partial<Record<keyof T, unknown>>))
  );
}
