/**
 * The counts of searches this process made, each with the catalog's stamp
 * it was made under (20261210_0002): while the stamp is the same, the same
 * search matches the same records, so its count is taken from here instead
 * of the index. Evergreen keeps search results in memcached for the same
 * reason; here the stamp, not a timeout, says when a count is out of date,
 * so a count shown is always exact for the catalog it was read from.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Enough for a busy day's distinct common searches; a remembered count is a few dozen bytes. */
const REMEMBERED_SEARCHES = 2000;

export interface SearchCount {
  total: number;
  moreThanTotal: boolean;
}

interface Remembered {
  stamp: string;
  count: SearchCount;
}

// One memo per database, kept by its dialect's adapter (as reusable-query.ts keeps its statements): a process may open several.
const memos = new WeakMap<object, Map<string, Remembered>>();

function memoOf(db: Kysely<Database>): Map<string, Remembered> {
  const { adapter } = db.getExecutor();
  let memo = memos.get(adapter);
  if (!memo) memos.set(adapter, (memo = new Map<string, Remembered>()));
  return memo;
}

/** The search's count as last made under this stamp, if it was. */
export function rememberedCount(db: Kysely<Database>, search: string, stamp: string): SearchCount | undefined {
  const memo = memoOf(db);
  const remembered = memo.get(search);
  if (remembered?.stamp !== stamp) return undefined;
  // Moved to the newest end: the least recently used search is the one forgotten.
  memo.delete(search);
  memo.set(search, remembered);
  return remembered.count;
}

export function rememberCount(db: Kysely<Database>, search: string, stamp: string, count: SearchCount): void {
  const memo = memoOf(db);
  memo.delete(search);
  memo.set(search, { stamp, count });
  if (memo.size > REMEMBERED_SEARCHES) memo.delete(memo.keys().next().value!);
}
