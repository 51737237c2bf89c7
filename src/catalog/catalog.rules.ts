/**
 * The catalog's pure rules: Japanese search normalisation, the layout of the
 * indexed search text, query parsing, ISBNs, and whether a record can be
 * reserved. No I/O here, so the same functions serve import, the bench, the
 * search page and the reservations feature.
 */
import { localPath } from '../http/safe-path.ts';
import ISBN from 'isbn3';
import { toHiragana } from 'wanakana';
import type { CopyStatus, Material } from '../db/schema.ts';

/** Longest query the search box accepts (the input's maxlength says the same). */
export const MAX_QUERY_LENGTH = 200;
/** Whitespace-separated terms beyond this are ignored: each one costs an index probe. */
export const MAX_QUERY_TERMS = 8;
/** Bigrams asked of the index per long term; the substring check does the rest. */
const MAX_GRAMS_PER_TERM = 8;
export const RESULTS_PER_PAGE = 20;
/** Pages beyond this are refused: deep OFFSETs cost the database and no one reads them. */
export const MAX_PAGE = 500;
/** Matches are counted up to this many (every reachable page's worth); beyond it the page says "more than". */
export const COUNT_LIMIT = MAX_PAGE * RESULTS_PER_PAGE;

/** Separates fields inside a zone of the search text; normalisation removes it from content. */
export const FIELD_SEPARATOR = ' ';
/** Ends the title zone (title and its reading), so relevance can tell title matches apart. */
export const ZONE_SEPARATOR = '|';

// Folding small kana to their full-size forms makes 「きょう」 find 「きよう」: older
// readings and users alike write them either way.
const SMALL_KANA: Record<string, string> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
  ヵ: 'か',
  ヶ: 'け',
};
const SMALL_KANA_PATTERN = new RegExp(`[${Object.keys(SMALL_KANA).join('')}]`, 'g');
// The prolonged sound mark is dropped rather than spelled out: 「コンピュータ」 and
// 「コンピューター」 are the same word, and readings disagree on it.
const IGNORED = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}ーｰ]/gu;

/**
 * The normalised form of text for search, applied to indexed text and query
 * alike: NFKC, case folding, katakana as hiragana, small kana as full-size,
 * without the prolonged sound mark, punctuation, symbols or spaces.
 */
export function normalizeForSearch(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  const hiragana = toHiragana(folded, { passRomaji: true, convertLongVowelMark: false });
  return hiragana.replace(IGNORED, '').replace(SMALL_KANA_PATTERN, (kana) => SMALL_KANA[kana] ?? kana);
}

/** A reading as stored and shown: NFKC, hiragana, single spaces (sorts the same for every source). */
export function normalizeReading(reading: string): string {
  const spaced = reading
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
  return toHiragana(spaced, { passRomaji: true, convertLongVowelMark: false });
}

/** The fields of a record that search looks at. */
export interface SearchableFields {
  title: string;
  titleKana: string;
  author: string;
  authorKana: string;
  publisher: string;
  subject: string;
  series: string;
  seriesKana: string;
}

/**
 * The indexed search text: the title zone (title, reading) before
 * ZONE_SEPARATOR, the other fields after it, each normalised. ISBNs are not
 * in it: an ISBN query is answered from the isbn column.
 */
export function buildSearchText(fields: SearchableFields): string {
  const zone = (values: string[]) => values.map(normalizeForSearch).filter(Boolean).join(FIELD_SEPARATOR);
  return [
    zone([fields.title, fields.titleKana]),
    zone([fields.author, fields.authorKana, fields.publisher, fields.subject, fields.series, fields.seriesKana]),
  ].join(ZONE_SEPARATOR);
}

/** The ISBN-13 of an ISBN-10 or ISBN-13 (hyphens, spaces and full-width digits allowed), or null. */
export function toIsbn13(raw: string): string | null {
  const compact = raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (!/^(\d{9}[\dX]|97[89]\d{10})$/.test(compact)) return null;
  return ISBN.parse(compact)?.isbn13 ?? null;
}

/** A copy's barcode as imports accept it: what a label printer and the desk's scanner both handle. */
export function isCopyBarcode(value: string): boolean {
  return /^[0-9A-Za-z-]{1,32}$/.test(value);
}

/** One term of a query: an ISBN, or normalised text with the index keys that find it. */
export type SearchTerm = { kind: 'isbn'; isbn13: string } | { kind: 'text'; text: string; grams: string[] };

export type ParsedQuery = { kind: 'empty' } | { kind: 'tooLong'; length: number } | { kind: 'terms'; terms: SearchTerm[] };

/**
 * Splits what the patron typed into terms (all must match). Unigrams and
 * bigrams are indexed, so a term of one or two characters is its own index
 * key; a longer one asks for a spread of its bigrams and is then checked as a
 * substring.
 */
export function parseQuery(raw: string): ParsedQuery {
  if (raw.length > MAX_QUERY_LENGTH) return { kind: 'tooLong', length: raw.length };
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  for (const word of raw.normalize('NFKC').split(/\s+/)) {
    if (terms.length === MAX_QUERY_TERMS) break;
    const isbn13 = toIsbn13(word);
    const term: SearchTerm | null = isbn13 ? { kind: 'isbn', isbn13 } : textTerm(normalizeForSearch(word));
    const key = term && (term.kind === 'isbn' ? `isbn:${term.isbn13}` : term.text);
    if (term && key && !seen.has(key)) {
      seen.add(key);
      terms.push(term);
    }
  }
  return terms.length === 0 ? { kind: 'empty' } : { kind: 'terms', terms };
}

/** True for a term whose matches are exactly the records holding its one gram: text of one or two characters. */
export function isOwnGram(term: SearchTerm): boolean {
  return term.kind === 'text' && term.grams.length === 1 && term.grams[0] === term.text;
}

/**
 * True when terms held by `held[i]` of `records` records each must be held
 * together by more than COUNT_LIMIT of them, from the counts alone: at most
 * Σ(records − held[i]) records miss some term, so at least
 * Σheld[i] − (k−1)·records hold every one (inclusion–exclusion). It answers
 * for the terms only where each term's matches are the records holding its
 * gram (isOwnGram) and no other filter applies.
 */
export function surelyMoreThanCountLimit(held: number[], records: number): boolean {
  return held.reduce((sum, n) => sum + n, 0) - (held.length - 1) * records > COUNT_LIMIT;
}

function textTerm(text: string): SearchTerm | null {
  const chars = [...text];
  if (chars.length === 0) return null;
  if (chars.length <= 2) return { kind: 'text', text, grams: [text] };
  const bigrams = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
  const step = Math.max(1, Math.ceil(bigrams.length / MAX_GRAMS_PER_TERM));
  const grams = bigrams.filter((_, i) => i % step === 0 || i === bigrams.length - 1);
  return { kind: 'text', text, grams: [...new Set(grams)] };
}

/**
 * The results page a record page was opened from (its `back` parameter),
 * for the link back to it: only a search on this site, never anything else.
 */
export function resultsPath(value: string | undefined): string | null {
  const path = localPath(value, '');
  return /^\/search(\?|$)/.test(path) ? path : null;
}

export type SearchSort = 'relevance' | 'newest' | 'title';
export const searchSorts: readonly SearchSort[] = ['relevance', 'newest', 'title'];
export const materials: readonly Material[] = ['book', 'magazine', 'av'];

/** The search page's parameters as the URL gives them. */
export interface SearchParams {
  q: string;
  type: Material | null;
  available: boolean;
  sort: SearchSort;
  page: number;
}

/** Reads the URL's search parameters; anything unknown falls back to the default rather than failing. */
export function parseSearchParams(query: Record<string, string | undefined>): SearchParams {
  const type = materials.find((m) => m === query.type) ?? null;
  const sort = searchSorts.find((s) => s === query.sort) ?? 'relevance';
  const pageNumber = /^\d{1,6}$/.test(query.page ?? '') ? Number(query.page) : 1;
  return {
    q: query.q ?? '',
    type,
    available: query.available === '1',
    sort,
    page: Math.min(Math.max(pageNumber, 1), MAX_PAGE),
  };
}

/** The URL of a search with some parameters changed (pager links, and the URL htmx pushes). */
export function searchUrl(params: SearchParams, page: number): string {
  const query = new URLSearchParams({ q: params.q });
  if (params.type) query.set('type', params.type);
  if (params.available) query.set('available', '1');
  if (params.sort !== 'relevance') query.set('sort', params.sort);
  if (page > 1) query.set('page', String(page));
  return `/search?${query}`;
}

/** What the reservable rule needs to know about one copy. */
export interface CopyState {
  status: CopyStatus;
  referenceOnly: boolean;
}

export interface ReservableInput {
  material: Material;
  /** For a magazine issue: whether it is the latest issue of its serial. */
  latestIssue: boolean;
  copies: CopyState[];
  /** The signed-in patron's relation to the record; null for a visitor who is not signed in. */
  patron: { activeHold: boolean; openLoan: boolean } | null;
}

export type NotReservableReason = 'alreadyHeld' | 'onLoanToPatron' | 'onShelf' | 'noLoanableCopy';
export type Reservability = { reservable: true } | { reservable: false; reason: NotReservableReason };

/** Lost, withdrawn and reference-only copies can never be lent, so they neither help nor block a hold. */
export function isLoanable(copy: CopyState): boolean {
  return !copy.referenceOnly && copy.status !== 'lost' && copy.status !== 'withdrawn';
}

/**
 * SPEC §3 "Reservable": never when the patron already holds the record or
 * has it on loan; the latest issue of a magazine always; any other record
 * only when it has loanable copies and none of them is on the shelf.
 */
export function reservability(input: ReservableInput): Reservability {
  if (input.patron?.activeHold) return { reservable: false, reason: 'alreadyHeld' };
  if (input.patron?.openLoan) return { reservable: false, reason: 'onLoanToPatron' };
  if (input.material === 'magazine' && input.latestIssue) return { reservable: true };
  const loanable = input.copies.filter(isLoanable);
  if (loanable.length === 0) return { reservable: false, reason: 'noLoanableCopy' };
  if (loanable.some((copy) => copy.status === 'on_shelf')) return { reservable: false, reason: 'onShelf' };
  return { reservable: true };
}

/**
 * What a results list says of a record for anyone (no patron relation):
 * whether a copy is on the shelf, and whether it can be reserved, by the
 * same rule the reservation applies.
 */
export type ShelfState = 'onShelf' | 'onShelfReservable' | 'onLoanReservable' | 'notForLoan';

export function shelfState(input: Omit<ReservableInput, 'patron'>): ShelfState {
  const onShelf = input.copies.some((copy) => isLoanable(copy) && copy.status === 'on_shelf');
  const rule = reservability({ ...input, patron: null });
  if (rule.reservable) return onShelf ? 'onShelfReservable' : 'onLoanReservable';
  return rule.reason === 'onShelf' ? 'onShelf' : 'notForLoan';
}

/** A magazine's title with its issue, once: some catalogs already write the issue into the title. */
export function titleWithIssue(title: string, issueLabel: string | null): string {
  return issueLabel && !title.includes(issueLabel) ? `${title} ${issueLabel}` : title;
}
