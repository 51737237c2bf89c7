/** お気に入り (今度読みたい本): how many a patron keeps, and how they are paged. */

/**
 * More are refused with a message: a list is meant to be read, and the
 * limit keeps one patron's rows (personal data) bounded.
 */
export const MAX_FAVOURITES = 300;
export const FAVOURITES_PER_PAGE = 20;

/** The page asked for, from 1 up to the last page there is (1 for a page number that is not one). */
export function favouritesPage(raw: string | undefined, total: number): number {
  const last = Math.max(1, Math.ceil(total / FAVOURITES_PER_PAGE));
  const page = raw !== undefined && /^[1-9]\d{0,4}$/.test(raw) ? Number(raw) : 1;
  return Math.min(page, last);
}

/** A record id as a form or a path names it; null when it cannot be one. */
export function parseRecordId(raw: string | undefined): number | null {
  return raw !== undefined && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}
