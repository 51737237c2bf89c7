/** The catalog's queries: search, the record detail, and the writes of an import. */
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { CalendarDate, CopyStatus, Database, Material, NewCatalogRecord } from '../db/schema.ts';
import {
  COUNT_LIMIT,
  isOwnGram,
  type SearchSort,
  type SearchTerm,
  type ShelfState,
  shelfState,
  surelyMoreThanCountLimit,
  titleWithIssue,
} from './catalog.rules.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import { rememberCount, rememberedCount } from './search-counts-memo.ts';
import { ACTIVE_IN_STATEMENT } from '../holds/active-holds.ts';
import type { ImportRecord } from './import-record.ts';

/**
 * A page walked off a gram's title postings reads at most this many of them
 * per record the page needs. The walk keeps those whose title holds every
 * term; where fewer than one in this many do, the matches are sorted
 * instead: a bound on the work, where a guess at the density would sort
 * what a short walk answers, or walk a long way for a page.
 */
const POSTINGS_WALKED_PER_RECORD_NEEDED = 50;
/** The least a walk reads before it gives up, so a first page has room for sparse titles too. */
const MIN_POSTINGS_WALKED = 1000;
/**
 * The index is asked only for grams held by at most this many times the
 * records of the rarest one; the terms of the others are checked in the
 * text of the records the index finds. Intersecting a common character's
 * postings (half the catalog) in the index costs more than checking the
 * text of a rarer gram's few records: 「の さら」 took 20 ms one way and 4 ms
 * the other.
 */
const PROBED_GRAM_SPREAD = 150;

export interface SearchOptions {
  terms: SearchTerm[];
  type: Material | null;
  available: boolean;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/** What a results list shows of a record. */
export type SearchHit = Pick<
  ImportRecord,
  'material' | 'avFormat' | 'title' | 'titleKana' | 'author' | 'publisher' | 'pubYear' | 'issueLabel'
> & {
  id: number;
  shelf: ShelfState;
};

/**
 * One page of a search, and how many records match: exactly, or, where
 * that would mean reading every match only to count it (a short term with
 * "on the shelf now", a longer term whose page is walked off the postings),
 * up to COUNT_LIMIT and then "more than".
 */
export interface SearchResult {
  total: number;
  /** True when more than `total` records match. */
  moreThanTotal: boolean;
  hits: SearchHit[];
}

const hitColumns = [
  'r.id',
  'r.material',
  'r.av_format',
  'r.title',
  'r.title_kana',
  'r.author',
  'r.publisher',
  'r.pub_year',
  'r.issue_label',
] as const;
// The normalised title, as the records_exact_title index has it.
const exactTitle = sql<string>`split_part(split_part(r.search_text, '|', 1), ' ', 1)`;
// Readings compare bytewise: the postings' title_key is a prefix, which orders like the whole reading only so.
const readingOrder = sql`r.title_kana collate "C"`;

/** One page of records matching every term and filter, with the number of matches. */
export async function searchRecords(db: Kysely<Database>, options: SearchOptions): Promise<SearchResult> {
  const texts = textsOf(options.terms);
  const loneTerm = options.terms.length === 1 && texts.length === 1 ? texts[0]! : null;
  // A lone 1- or 2-character term is its own gram: its postings are the matches, already in relevance and title order.
  const shortLoneTerm = loneTerm !== null && [...loneTerm].length <= 2 && options.sort !== 'newest' ? loneTerm : null;
  const grams = gramsOf(options.terms);
  const counts = shortLoneTerm === null && texts.length > 0 ? await gramsHeld(db, grams, options.type) : null;
  const held = counts?.held;
  // By relevance, terms (not an ISBN) whose matches may be too many to sort first try a walk off the postings; where
  // some gram is held by no record, nothing matches and the sort answers at once.
  const walkable = texts.length === options.terms.length && options.sort === 'relevance' && held?.size === grams.length;
  const probed = held ? probedGrams(held) : undefined;
  const { rows, total } =
    shortLoneTerm !== null
      ? await shortTermPage(db, options, shortLoneTerm)
      : ((walkable && counts ? await titleWalkPage(db, options, texts, counts, probed) : null) ?? (await sortedPage(db, options, probed)));
  const shelf = await shelfStatesAmong(db, rows);
  return {
    ...total,
    hits: rows.map((row) => ({
      id: row.id,
      material: row.material,
      avFormat: row.av_format,
      title: row.title,
      titleKana: row.title_kana,
      author: row.author,
      publisher: row.publisher,
      pubYear: row.pub_year,
      issueLabel: row.issue_label,
      shelf: shelf.get(row.id) ?? 'notForLoan',
    })),
  };
}

type Total = Pick<SearchResult, 'total' | 'moreThanTotal'>;

function textsOf(terms: SearchTerm[]): string[] {
  return terms.flatMap((t) => (t.kind === 'text' ? [t.text] : []));
}

/** The grams the index is asked for, for every text term, once each. */
function gramsOf(terms: SearchTerm[]): string[] {
  return [...new Set(terms.flatMap((t) => (t.kind === 'text' ? t.grams : [])))];
}

/** The query's rows, counted up to one past COUNT_LIMIT. */
async function countUpTo<DB, TB extends keyof DB, O>(db: Kysely<Database>, query: SelectQueryBuilder<DB, TB, O>): Promise<Total> {
  const { n } = await db
    .selectFrom(query.limit(COUNT_LIMIT + 1).as('m'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return upToCountLimit(n);
}

function upToCountLimit(n: number | string): Total {
  return { total: Math.min(Number(n), COUNT_LIMIT), moreThanTotal: Number(n) > COUNT_LIMIT };
}

// The stamps of the materials' records (20261210_0002), read from record_counts: one string that changes whenever a search of them could.
const stamps = sql<string | null>`string_agg(stamp::text, ',' order by material)`;

/** The stamp of the catalog's records of this type (any, when null). */
function catalogStamp(db: Kysely<Database>, type: Material | null) {
  let query = db.selectFrom('record_counts').select(stamps.as('stamp'));
  if (type) query = query.where('material', '=', type);
  return query;
}

/**
 * The matches of terms whose page was walked, counted up to COUNT_LIMIT;
 * or, for the same terms and type under the same catalog stamp, as this
 * process counted them last (search-counts-memo.ts), which spares the
 * index an intersection of common grams' lists: 「し の つ」 took 60–90 ms
 * to count at 1,000,000 records. What is on the shelf changes by the
 * minute, so "on the shelf now" is always counted.
 */
async function walkedCount(db: Kysely<Database>, options: SearchOptions, probed: string[] | undefined, stamp: string): Promise<Total> {
  const matching = matchingRecords(db, options, probed);
  if (options.available) return countUpTo(db, matching);
  const search = JSON.stringify([options.type, textsOf(options.terms).sort()]);
  const remembered = rememberedCount(db, search, stamp);
  if (remembered) return remembered;
  // The stamp is read with the count, so the count is remembered under the catalog it was made of.
  const counted = await db
    .selectFrom(matching.limit(COUNT_LIMIT + 1).as('m'))
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), catalogStamp(db, options.type).as('stamp')])
    .executeTakeFirstOrThrow();
  const total = upToCountLimit(counted.n);
  rememberCount(db, search, counted.stamp ?? '', total);
  return total;
}

/** How many records of this type (any, when null) hold the gram: its kept count, a row per material. */
async function gramCount(db: Kysely<Database>, gram: string, type: Material | null): Promise<Total> {
  let query = db
    .selectFrom('search_gram_counts')
    .select((eb) => eb.fn.sum<number | string | null>('records').as('n'))
    .where('gram', '=', gram);
  if (type) query = query.where('material', '=', type);
  const { n } = await query.executeTakeFirstOrThrow();
  return { total: Number(n ?? 0), moreThanTotal: false };
}

/** What the kept counts say of a search: how many records (of the type searched) hold each gram, and how many there are. */
interface GramCounts {
  /** A gram no record holds is absent. */
  held: Map<string, number>;
  records: number;
  /** The catalog's stamp for those records (catalogStamp). */
  stamp: string;
}

/** The kept counts of the terms' grams and of the records, with the records' stamp, in one statement; a null gram is the records' row. */
async function gramsHeld(db: Kysely<Database>, grams: string[], type: Material | null): Promise<GramCounts> {
  let byGram = db
    .selectFrom('search_gram_counts')
    .select((eb) => [
      sql<string | null>`gram`.as('gram'),
      eb.fn.sum<number | string | null>('records').as('records'),
      sql<string | null>`null`.as('stamp'),
    ])
    .where('gram', 'in', grams)
    .groupBy('gram');
  let all = db
    .selectFrom('record_counts')
    .select((eb) => [sql<string | null>`null`.as('gram'), eb.fn.sum<number | string | null>('records').as('records'), stamps.as('stamp')]);
  if (type) {
    byGram = byGram.where('material', '=', type);
    all = all.where('material', '=', type);
  }
  const rows = await byGram.unionAll(all).execute();
  const records = rows.find((row) => row.gram === null);
  return {
    held: new Map(rows.flatMap((row) => (row.gram !== null && Number(row.records) > 0 ? [[row.gram, Number(row.records)]] : []))),
    records: Number(records?.records ?? 0),
    stamp: records?.stamp ?? '',
  };
}

/** The grams worth asking the index for (PROBED_GRAM_SPREAD); every gram when one is held by no record, which the index answers at once. */
function probedGrams(held: Map<string, number>): string[] | undefined {
  if (held.size === 0) return undefined;
  const rarest = Math.min(...held.values());
  return [...held].filter(([, records]) => records <= PROBED_GRAM_SPREAD * rarest).map(([gram]) => gram);
}

/**
 * Records matching every term and filter (no columns chosen yet). The index
 * is asked for the `probed` grams (every term's, by default); a term with a
 * gram left out, or longer than a gram, is checked in the record's text.
 */
function matchingRecords(db: Kysely<Database>, options: Pick<SearchOptions, 'terms' | 'type' | 'available'>, probed?: string[]) {
  const grams = probed ?? gramsOf(options.terms);
  let query = db.selectFrom('records as r');
  // One containment test over the grams: a single GIN probe, intersecting their lists.
  if (grams.length > 0) query = query.where(sql<SqlBool>`search_grams(r.search_text) @> ${sql.val(grams)}::text[]`);
  for (const text of textsOf(options.terms))
    if ([...text].length > 2 || !grams.includes(text)) query = query.where(sql<SqlBool>`strpos(r.search_text, ${text}) > 0`);
  for (const term of options.terms) if (term.kind === 'isbn') query = query.where('r.isbn', '=', term.isbn13);
  if (options.type) query = query.where('r.material', '=', options.type);
  if (options.available) query = query.where(onShelf(sql.ref('r.id')));
  return query;
}

/**
 * A gram's postings that pass the filters, straight from the index; with
 * `titleHolds`, only those of records whose title zone holds every one of
 * those terms.
 */
function postingsOf(db: Kysely<Database>, gram: string, options: Pick<SearchOptions, 'type' | 'available'>, titleHolds: string[] = []) {
  let query = db.selectFrom('search_postings as p').select(['p.record_id', 'p.in_title', 'p.title_key']).where('p.gram', '=', gram);
  if (titleHolds.length > 0) query = query.where('p.in_title', '=', true).where(titleHoldsEvery(sql.ref('p.record_id'), titleHolds));
  if (options.type) query = query.where('p.material', '=', options.type);
  if (options.available) query = query.where(onShelf(sql.ref('p.record_id')));
  return query;
}

/** True when the title zone of the record holds every one of the terms. */
function titleHoldsEvery(recordId: Expression<number>, terms: string[]) {
  const holds = terms.map((term) => sql`strpos(split_part(t.search_text, '|', 1), ${term}) > 0`);
  return sql<SqlBool>`exists (select 1 from records t where t.id = ${recordId} and ${sql.join(holds, sql` and `)})`;
}

/**
 * The head of a gram's title postings, in title order, whose records' titles
 * hold every term: up to `needed` of them, from at most a bounded number of
 * postings read (POSTINGS_WALKED_PER_RECORD_NEEDED).
 */
function titleWalk(
  db: Kysely<Database>,
  gram: string,
  options: Pick<SearchOptions, 'type' | 'available'>,
  titleHolds: string[],
  needed: number,
) {
  const bound = Math.max(MIN_POSTINGS_WALKED, POSTINGS_WALKED_PER_RECORD_NEEDED * needed);
  const head = postingsOf(db, gram, { type: options.type, available: false })
    .where('p.in_title', '=', true)
    .orderBy('p.title_key')
    .orderBy('p.record_id')
    .limit(bound);
  let walk = db
    .selectFrom(head.as('w'))
    .selectAll()
    .where(titleHoldsEvery(sql.ref('w.record_id'), titleHolds));
  if (options.available) walk = walk.where(onShelf(sql.ref('w.record_id')));
  return walk.orderBy('title_key').orderBy('record_id').limit(needed);
}

/** True when the record has a copy a patron could take off the shelf now. */
function onShelf(recordId: Expression<number>) {
  return sql<boolean>`exists (select 1 from copies c where c.record_id = ${recordId} and c.status = 'on_shelf' and not c.reference_only)`;
}

/**
 * Every match read and sorted: for an ISBN, the newest-first or title
 * order, and terms a walk does not answer. The sort reads every match
 * anyway, so the matches' ids and sort keys are set aside once (narrow
 * rows, which stay in memory), then counted, exactly, and sorted; only the
 * page's records are read again for what the list shows.
 */
async function sortedPage(db: Kysely<Database>, options: SearchOptions, probed?: string[]) {
  const keys = sortKeys(options);
  const byKeys = (table: string) => sql.join(keys.map((k) => sql`${sql.ref(`${table}.${k.name}`)} ${sql.raw(k.order)}`));
  const matching = matchingRecords(db, options, probed).select(keys.map((k) => k.value.as(k.name)));
  const rows = await db
    .with(
      (cte) => cte('m').materialized(),
      () => matching,
    )
    .with('page', (qb) => qb.selectFrom('m').selectAll().orderBy(byKeys('m')).limit(options.limit).offset(options.offset))
    .selectFrom('page as p')
    .innerJoin('records as r', 'r.id', 'p.id')
    .select(hitColumns)
    .select(sql<number | string>`(select count(*) from m)`.as('matches'))
    .orderBy(byKeys('p'))
    .execute();
  // A page past the last match has no row to carry the count.
  const matches =
    rows[0]?.matches ??
    (
      await matchingRecords(db, options, probed)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return { rows, total: { total: Number(matches), moreThanTotal: false } };
}

/** What the matches are sorted by, in order: each key's value for a record `r`, and its direction; the last is the id. */
function sortKeys(options: SearchOptions): { name: string; value: RawBuilder<unknown>; order: string }[] {
  if (options.sort === 'newest') {
    return [
      { name: 'year', value: sql`r.pub_year`, order: 'desc nulls last' },
      { name: 'issued', value: sql`r.issue_date`, order: 'desc nulls last' },
      { name: 'id', value: sql`r.id`, order: 'desc' },
    ];
  }
  const texts = textsOf(options.terms);
  // Title first: the whole query being the title, then how many terms the title zone holds.
  const titleZone = sql<string>`split_part(r.search_text, '|', 1)`;
  const relevance =
    options.sort === 'relevance' && texts.length > 0
      ? [
          { name: 'exact', value: sql`${exactTitle} = ${texts.join('')}`, order: 'desc' },
          {
            name: 'title_hits',
            value: sql.join(
              texts.map((text) => sql`(strpos(${titleZone}, ${text}) > 0)::int`),
              sql` + `,
            ),
            order: 'desc',
          },
        ]
      : [];
  return [
    ...relevance,
    { name: 'no_reading', value: sql`r.title_kana = ''`, order: 'asc' },
    { name: 'reading', value: readingOrder, order: 'asc' },
    { name: 'id', value: sql`r.id`, order: 'asc' },
  ];
}

/**
 * A page of one gram's matches read off the head of its postings, in
 * relevance or title order, so a common character costs a page, not every
 * match; or, with `titleHolds` (by relevance), a page of the records whose
 * title holds every one of those terms, walked off the postings of a gram
 * they share (titleWalk). The postings order by the reading's prefix only,
 * so the postings up to the page's end are joined by the rest of the last
 * one's prefix group (its ties), and the records then put them in exact
 * order; for relevance, the records whose title is the query come first.
 * Each row says how many postings reached the page's end (`walked`): fewer
 * than the page needs when the walk gave up or the titles ran out.
 */
async function postingsPage(db: Kysely<Database>, options: SearchOptions, gram: string, titleHolds: string[] = []) {
  const relevance = options.sort === 'relevance';
  const needed = options.offset + options.limit;
  const asTyped = titleHolds.length > 0 ? titleHolds.join('') : gram;
  const inTitleFirst = (inTitle: boolean | null) => {
    if (titleHolds.length > 0) return titleWalk(db, gram, options, titleHolds, needed);
    let query = postingsOf(db, gram, options);
    if (inTitle !== null) query = query.where('p.in_title', '=', inTitle);
    return (relevance ? query.orderBy('p.in_title', 'desc') : query).orderBy('p.title_key').orderBy('p.record_id').limit(needed);
  };
  const page = db
    // For title order the two in_title ranges are each already sorted: take the head of both and sort those few.
    .with('postings_to_page_end', (qb) =>
      relevance
        ? inTitleFirst(null)
        : qb
            .selectFrom(
              qb
                .selectFrom(inTitleFirst(true).as('t'))
                .selectAll()
                .unionAll(qb.selectFrom(inTitleFirst(false).as('o')).selectAll())
                .as('both'),
            )
            .selectAll()
            .orderBy('title_key')
            .orderBy('record_id')
            .limit(needed),
    )
    .with('last_prefix_group', (qb) => {
      const last = qb.selectFrom('postings_to_page_end').select(['in_title', 'title_key']);
      return (relevance ? last.orderBy('in_title') : last).orderBy('title_key', 'desc').limit(1);
    })
    .with('page_with_ties', (qb) => {
      const sameKey = postingsOf(db, gram, options, titleHolds).where(
        sql<SqlBool>`p.title_key = (select title_key from last_prefix_group)`,
      );
      const ties = relevance ? sameKey.where(sql<SqlBool>`p.in_title = (select in_title from last_prefix_group)`) : sameKey;
      const withTies = qb.selectFrom('postings_to_page_end').select(['record_id', 'in_title', 'title_key']).union(ties);
      if (!relevance) return withTies;
      let exact = db
        .selectFrom('records as r')
        .select(['r.id as record_id', sql<boolean>`true`.as('in_title'), sql<string>`search_title_key(r.title_kana)`.as('title_key')])
        .where(exactTitle, '=', asTyped);
      if (options.type) exact = exact.where('r.material', '=', options.type);
      if (options.available) exact = exact.where(onShelf(sql.ref('r.id')));
      return withTies.union(exact);
    })
    .selectFrom('page_with_ties as t')
    .innerJoin('records as r', 'r.id', 't.record_id')
    .select(hitColumns)
    .select(sql<number | string>`(select count(*) from postings_to_page_end)`.as('walked'));
  const ordered = relevance ? page.orderBy(sql`${exactTitle} = ${asTyped}`, 'desc').orderBy('t.in_title', 'desc') : page;
  return ordered.orderBy('t.title_key').orderBy(readingOrder).orderBy('r.id').limit(options.limit).offset(options.offset).execute();
}

/** A page of a lone 1- or 2-character term, with its count. */
async function shortTermPage(db: Kysely<Database>, options: SearchOptions, gram: string) {
  const rows = await postingsPage(db, options, gram);
  // Only "on the shelf now" needs the records' copies, so only it is counted match by match.
  const total = options.available ? await countUpTo(db, postingsOf(db, gram, options)) : await gramCount(db, gram, options.type);
  return { rows, total };
}

/**
 * A relevance page for terms whose matches may be too many to sort: more
 * than COUNT_LIMIT records hold each of their grams. The page is walked off
 * the postings of the rarest gram, whose records' titles hold every term
 * (the head of the relevance order, after the exact title), and the matches
 * are counted up to COUNT_LIMIT. Null, for the sort to answer, when fewer
 * records hold some gram (sorting them is bounded), or when the walk does not
 * fill the page: it gave up (POSTINGS_WALKED_PER_RECORD_NEEDED), or the
 * titles ran out and records holding a term elsewhere come next, in no
 * order the postings know.
 */
async function titleWalkPage(
  db: Kysely<Database>,
  options: SearchOptions,
  texts: string[],
  counts: GramCounts,
  probed: string[] | undefined,
) {
  const [rarest, records] = [...counts.held].reduce((a, b) => (b[1] < a[1] ? b : a));
  if (records <= COUNT_LIMIT) return null;
  const rows = await postingsPage(db, options, rarest, texts);
  if (rows.length < options.limit || Number(rows[0]!.walked) < options.offset + options.limit) return null;
  // Common short terms together are proven more than COUNT_LIMIT by the counts, where the index would intersect lists each
  // of half the catalog to count them.
  const provable = !options.available && options.terms.every(isOwnGram);
  if (provable && surelyMoreThanCountLimit([...counts.held.values()], counts.records)) {
    return { rows, total: { total: COUNT_LIMIT, moreThanTotal: true } };
  }
  return { rows, total: await walkedCount(db, options, probed, counts.stamp) };
}

/**
 * What the list says of each of these records: worked out for the page's
 * records only, not for every match, from their copies and, for magazines,
 * whether the issue is its serial's latest.
 */
async function shelfStatesAmong(db: Kysely<Database>, rows: { id: number; material: Material }[]): Promise<Map<number, ShelfState>> {
  if (rows.length === 0) return new Map();
  const copies = await db
    .selectFrom('copies')
    .select(['record_id', 'status', 'reference_only'])
    .where(
      'record_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  const magazines = rows.filter((row) => row.material === 'magazine').map((row) => row.id);
  const latest = new Set(
    magazines.length === 0
      ? []
      : (
          await db
            .selectFrom('records as r')
            .select('r.id')
            .where('r.id', 'in', magazines)
            .where(latestIssue(sql.ref('r')))
            .execute()
        ).map((row) => row.id),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      shelfState({
        material: row.material,
        latestIssue: latest.has(row.id),
        copies: copies.filter((c) => c.record_id === row.id).map((c) => ({ status: c.status, referenceOnly: c.reference_only })),
      }),
    ]),
  );
}

/** True when the record `r` is the latest issue of its serial (the newest issue date, then the newest id). */
function latestIssue(r: RawBuilder<unknown>) {
  return sql<boolean>`${r}.serial_id is not null and not exists (
        select 1 from records n where n.serial_id = ${r}.serial_id
        and (coalesce(n.issue_date, '0001-01-01'), n.id) > (coalesce(${r}.issue_date, '0001-01-01'), ${r}.id))`;
}

/** A record a new-arrival alert names: its id, title and author. */
export interface NewArrival {
  id: number;
  title: string;
  author: string;
}

/**
 * Records catalogued after `after` and up to `upTo` matching the search's
 * terms and type (the search box's own matching), newest first, at most
 * `limit`, with how many there are: what a saved search (新着資料のお知らせ) has new.
 */
export async function newlyCatalogued(
  db: Kysely<Database>,
  search: Pick<SearchOptions, 'terms' | 'type'>,
  window: { after: Date; upTo: Date; limit: number },
): Promise<{ records: NewArrival[]; total: number }> {
  const matching = () =>
    matchingRecords(db, { ...search, available: false }).where(
      sql<SqlBool>`r.created_at > ${window.after} and r.created_at <= ${window.upTo}`,
    );
  const rows = await matching()
    .select(['r.id', 'r.title', 'r.issue_label', 'r.author'])
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(window.limit)
    .execute();
  const { n } = await matching()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { records: rows.map((r) => ({ id: r.id, title: titleWithIssue(r.title, r.issue_label), author: r.author })), total: Number(n) };
}

export interface CopyDetail {
  barcode: string;
  placeJa: string;
  placeEn: string;
  shelfMark: string;
  status: CopyStatus;
  referenceOnly: boolean;
  dueDate: CalendarDate | null;
}

export type RecordDetail = Omit<SearchHit, 'shelf'> &
  Pick<ImportRecord, 'authorKana' | 'isbn' | 'ndc' | 'subject' | 'series' | 'issueDate'> & {
    serialTitle: string | null;
    latestIssue: boolean;
    copies: CopyDetail[];
    holdCount: number;
    patron: { activeHold: boolean; openLoan: boolean } | null;
  };

/** A record with its copies, hold count and, for a signed-in patron, whether they hold or borrow it. */
export async function findRecordDetail(db: Kysely<Database>, id: number, patronId: number | null): Promise<RecordDetail | null> {
  const [record] = patronId === null ? await recordDetailForVisitor(db, { id }) : await recordDetailForPatron(db, { id, patronId });
  return record ? toRecordDetail(record, patronId) : null;
}

/**
 * The records of these ids that exist, in no particular order: one
 * statement for a cart or a list of titles, where a statement per title
 * cost a round trip each (a full cart is 30 titles).
 */
export async function findRecordDetails(db: Kysely<Database>, ids: number[], patronId: number | null): Promise<RecordDetail[]> {
  if (ids.length === 0) return [];
  const records = patronId === null ? await recordDetailsForVisitor(db, { ids }) : await recordDetailsForPatron(db, { ids, patronId });
  return records.map((record) => toRecordDetail(record, patronId));
}

// Built and compiled once each (reusableQuery): the record page is the catalog's busiest, and a cart addition reads two.
const recordDetailForVisitor = reusableQuery('record_detail', (db, { id }: { id: number }) =>
  recordDetails(db, null).where('r.id', '=', id),
);
const recordDetailForPatron = reusableQuery('record_detail_for_patron', (db, { id, patronId }: { id: number; patronId: number }) =>
  recordDetails(db, patronId).where('r.id', '=', id),
);
// One array parameter, so every number of ids shares a statement (and its plan).
const withIds = (ids: number[]) => sql<SqlBool>`r.id = any(${sql.val(ids)}::int[])`;
const recordDetailsForVisitor = reusableQuery('record_details', (db, { ids }: { ids: number[] }) =>
  recordDetails(db, null).where(withIds(ids)),
);
const recordDetailsForPatron = reusableQuery('record_details_for_patron', (db, { ids, patronId }: { ids: number[]; patronId: number }) =>
  recordDetails(db, patronId).where(withIds(ids)),
);

/** Its copies, its holds and the patron's relation to it come with the record: one statement for the record page, the cart and the reservation. */
function recordDetails(db: Kysely<Database>, patronId: number | null) {
  return (
    db
      .selectFrom('records as r')
      .leftJoin('serials as s', 's.id', 'r.serial_id')
      .selectAll('r')
      .select('s.title as serial_title')
      .select(latestIssue(sql.ref('r')).as('latest_issue'))
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('copies as c')
            .innerJoin('pickup_places as p', 'p.code', 'c.current_place')
            .leftJoin('loans as l', (join) => join.onRef('l.copy_id', '=', 'c.id').on('l.returned_at', 'is', null))
            .select([
              'c.barcode',
              'p.name_ja as placeJa',
              'p.name_en as placeEn',
              'c.shelf_mark as shelfMark',
              'c.status',
              'c.reference_only as referenceOnly',
              'l.due_date as dueDate',
            ])
            .whereRef('c.record_id', '=', 'r.id')
            .orderBy('c.id'),
        ).as('copies'),
        eb
          .selectFrom('holds as h')
          .select((count) => count.fn.countAll<number | string>().as('n'))
          .whereRef('h.record_id', '=', 'r.id')
          .where('h.status', 'in', ACTIVE_IN_STATEMENT)
          .as('hold_count'),
      ])
      // A visitor holds and borrows nothing: only a patron's relation to the record is looked up.
      .$if(patronId !== null, (qb) =>
        qb.select((eb) => [
          eb
            .exists(
              eb
                .selectFrom('holds as h')
                .select('h.id')
                .whereRef('h.record_id', '=', 'r.id')
                .where('h.patron_id', '=', patronId!)
                .where('h.status', 'in', ACTIVE_IN_STATEMENT),
            )
            .as('patron_holds_it'),
          eb
            .exists(
              eb
                .selectFrom('loans as l')
                .innerJoin('copies as c', 'c.id', 'l.copy_id')
                .select('l.id')
                .whereRef('c.record_id', '=', 'r.id')
                .where('l.patron_id', '=', patronId!)
                .where('l.returned_at', 'is', null),
            )
            .as('patron_borrows_it'),
        ]),
      )
  );
}

type RecordDetailRow = Awaited<ReturnType<typeof recordDetailForPatron>>[number];

function toRecordDetail(record: RecordDetailRow, patronId: number | null): RecordDetail {
  return {
    id: record.id,
    material: record.material,
    avFormat: record.av_format,
    title: record.title,
    titleKana: record.title_kana,
    author: record.author,
    authorKana: record.author_kana,
    publisher: record.publisher,
    pubYear: record.pub_year,
    isbn: record.isbn,
    ndc: record.ndc,
    subject: record.subject,
    series: record.series,
    serialTitle: record.serial_title,
    issueLabel: record.issue_label,
    issueDate: record.issue_date,
    latestIssue: record.latest_issue,
    copies: record.copies,
    holdCount: Number(record.hold_count ?? 0),
    patron: patronId === null ? null : { activeHold: Boolean(record.patron_holds_it), openLoan: Boolean(record.patron_borrows_it) },
  };
}

/** The columns an import writes; compared with the stored row to tell "updated" from "unchanged". */
export type RecordValues = Omit<NewCatalogRecord, 'id' | 'created_at' | 'updated_at'> & {
  source_id: string;
  search_text: string;
};

export type StoredRecord = RecordValues & { id: number };

const importedColumns = [
  'source_id',
  'material',
  'av_format',
  'title',
  'title_kana',
  'author',
  'author_kana',
  'publisher',
  'pub_year',
  'isbn',
  'ndc',
  'subject',
  'series',
  'series_kana',
  'serial_id',
  'issue_label',
  'issue_date',
  'search_text',
] as const;

/** Stored records with one of these source ids or ISBNs (an import matches on either). */
export async function findRecordsForImport(db: Kysely<Database>, sourceIds: string[], isbns: string[]): Promise<StoredRecord[]> {
  if (sourceIds.length === 0 && isbns.length === 0) return [];
  return db
    .selectFrom('records')
    .select(['id', ...importedColumns])
    .where((eb) =>
      eb.or([...(sourceIds.length > 0 ? [eb('source_id', 'in', sourceIds)] : []), ...(isbns.length > 0 ? [eb('isbn', 'in', isbns)] : [])]),
    )
    .execute();
}

/** Inserts new records; returns their ids by source id. */
export async function insertRecords(db: Kysely<Database>, rows: RecordValues[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const inserted = await db.insertInto('records').values(rows).returning(['id', 'source_id']).execute();
  return new Map(inserted.map((r) => [r.source_id, r.id]));
}

/** Overwrites a record's imported columns (its source id stays: bookmarks and holds refer to the row). */
export async function updateRecord(db: Kysely<Database>, id: number, values: RecordValues, now: Date): Promise<void> {
  const { source_id: _kept, ...changes } = values;
  await db
    .updateTable('records')
    .set({ ...changes, updated_at: sql`${now.toISOString()}::timestamptz` })
    .where('id', '=', id)
    .execute();
}

/** The id of a serial by its source id, created (or renamed) as needed. */
export async function upsertSerial(db: Kysely<Database>, serial: { sourceId: string; title: string; titleKana: string }): Promise<number> {
  const row = await db
    .insertInto('serials')
    .values({ source_id: serial.sourceId, title: serial.title, title_kana: serial.titleKana })
    .onConflict((oc) => oc.column('source_id').doUpdateSet({ title: serial.title, title_kana: serial.titleKana }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds copies whose barcodes are new, in any case (Rmmyl-B1 is RMMYL-B1); a barcode already known is left as it is. Returns how many were added. */
export async function insertCopies(
  db: Kysely<Database>,
  copies: { barcode: string; recordId: number; place: string; shelfMark: string; status?: CopyStatus; referenceOnly?: boolean }[],
): Promise<number> {
  if (copies.length === 0) return 0;
  const rows = await db
    .insertInto('copies')
    .values(
      copies.map((c) => ({
        barcode: c.barcode,
        record_id: c.recordId,
        home_place: c.place,
        current_place: c.place,
        shelf_mark: c.shelfMark,
        status: c.status ?? 'on_shelf',
        reference_only: c.referenceOnly ?? false,
      })),
    )
    .onConflict((oc) => oc.expression(sql`upper(barcode)`).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** Up to two records with this ISBN-13 (two are enough to tell "one" from "several"): one indexed lookup. */
export async function recordsWithIsbn(db: Kysely<Database>, isbn13: string): Promise<number[]> {
  const rows = await db.selectFrom('records').select('id').where('isbn', '=', isbn13).orderBy('id').limit(2).execute();
  return rows.map((r) => r.id);
}
