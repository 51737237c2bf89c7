/** The catalog's queries: search, the record detail, and the writes of an import. */
import { type Expression, type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { CalendarDate, CopyStatus, Database, Material, NewCatalogRecord } from '../db/schema.ts';
import { COUNT_LIMIT, type SearchSort, type SearchTerm } from './catalog.rules.ts';
import type { ImportRecord } from './import-record.ts';

const ACTIVE_HOLD = ['pending', 'in_transit', 'ready'] as const;

export interface SearchOptions {
  terms: SearchTerm[];
  type: Material | null;
  available: boolean;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/** What a results list shows of a record. */
export type SearchHit = Pick<ImportRecord, 'material' | 'avFormat' | 'title' | 'titleKana' | 'author' | 'publisher' | 'pubYear' | 'issueLabel'> & {
  id: number;
  available: boolean;
};

/** One page of a search, and how many records match (at most COUNT_LIMIT: counting further would cost and lead nowhere). */
export interface SearchResult {
  total: number;
  /** True when more than `total` records match. */
  moreThanTotal: boolean;
  hits: SearchHit[];
}

const hitColumns = ['r.id', 'r.material', 'r.av_format', 'r.title', 'r.title_kana', 'r.author', 'r.publisher', 'r.pub_year', 'r.issue_label'] as const;
// The normalised title, as the records_exact_title index has it.
const exactTitle = sql<string>`split_part(split_part(r.search_text, '|', 1), ' ', 1)`;
// Readings compare bytewise: the postings' title_key is a prefix, which orders like the whole reading only so.
const readingOrder = sql`r.title_kana collate "C"`;

/** One page of records matching every term and filter, with the number of matches. */
export async function searchRecords(db: Kysely<Database>, options: SearchOptions): Promise<SearchResult> {
  const texts = textsOf(options.terms);
  // A lone 1- or 2-character term is its own gram: its postings are the matches, already in relevance and title order.
  const single = options.terms.length === 1 && texts.length === 1 && [...texts[0]!].length <= 2 && options.sort !== 'newest' ? texts[0]! : null;
  const rows = single === null ? await sortedPage(db, options) : await postingsPage(db, options, single);
  const n = single === null ? await countUpTo(db, matchingRecords(db, options).select('r.id')) : await countUpTo(db, postingsOf(db, single, options));
  const onShelfIds = await onShelfAmong(db, rows.map((r) => r.id));
  return {
    total: Math.min(n, COUNT_LIMIT),
    moreThanTotal: n > COUNT_LIMIT,
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
      available: onShelfIds.has(row.id),
    })),
  };
}

function textsOf(terms: SearchTerm[]): string[] {
  return terms.flatMap((t) => (t.kind === 'text' ? [t.text] : []));
}

/** The query's rows, counted up to one past COUNT_LIMIT. */
async function countUpTo<DB, TB extends keyof DB, O>(db: Kysely<Database>, query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const { n } = await db
    .selectFrom(query.limit(COUNT_LIMIT + 1).as('m'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Records matching every term and filter (no columns chosen yet). */
function matchingRecords(db: Kysely<Database>, options: SearchOptions) {
  const grams = options.terms.flatMap((t) => (t.kind === 'text' ? t.grams : []));
  let query = db.selectFrom('records as r');
  // One containment test over every term's grams: a single GIN probe, intersecting their lists.
  if (grams.length > 0) query = query.where(sql<SqlBool>`search_grams(r.search_text) @> ${sql.val(grams)}::text[]`);
  for (const text of textsOf(options.terms)) if ([...text].length > 2) query = query.where(sql<SqlBool>`strpos(r.search_text, ${text}) > 0`);
  for (const term of options.terms) if (term.kind === 'isbn') query = query.where('r.isbn', '=', term.isbn13);
  if (options.type) query = query.where('r.material', '=', options.type);
  if (options.available) query = query.where(onShelf(sql.ref('r.id')));
  return query;
}

/** A gram's postings that pass the filters, straight from the index. */
function postingsOf(db: Kysely<Database>, gram: string, options: Pick<SearchOptions, 'type' | 'available'>) {
  let query = db.selectFrom('search_postings as p').select(['p.record_id', 'p.in_title', 'p.title_key']).where('p.gram', '=', gram);
  if (options.type) query = query.where('p.material', '=', options.type);
  if (options.available) query = query.where(onShelf(sql.ref('p.record_id')));
  return query;
}

/** True when the record has a copy a patron could take off the shelf now. */
function onShelf(recordId: Expression<number>) {
  return sql<boolean>`exists (select 1 from copies c where c.record_id = ${recordId} and c.status = 'on_shelf' and not c.reference_only)`;
}

/** Every match read and sorted: for longer or several terms, an ISBN, or the newest-first order. */
async function sortedPage(db: Kysely<Database>, options: SearchOptions) {
  const texts = textsOf(options.terms);
  let ordered = matchingRecords(db, options).select(hitColumns);
  if (options.sort === 'newest') {
    ordered = ordered.orderBy(sql`r.pub_year desc nulls last`).orderBy(sql`r.issue_date desc nulls last`).orderBy('r.id', 'desc');
  } else {
    if (options.sort === 'relevance' && texts.length > 0) {
      // Title first: the whole query being the title, then how many terms the title zone holds.
      const titleZone = sql<string>`split_part(r.search_text, '|', 1)`;
      const titleHits = sql.join(texts.map((text) => sql`(strpos(${titleZone}, ${text}) > 0)::int`), sql` + `);
      ordered = ordered.orderBy(sql`${exactTitle} = ${texts.join('')}`, 'desc').orderBy(sql`${titleHits}`, 'desc');
    }
    ordered = ordered.orderBy(sql`r.title_kana = ''`).orderBy(readingOrder).orderBy('r.id');
  }
  return ordered.limit(options.limit).offset(options.offset).execute();
}

/**
 * A page of one gram's matches read off the head of its postings, in
 * relevance or title order, so a common character costs a page, not every
 * match. The postings order by the reading's prefix only, so the last row's
 * whole prefix group joins the head, and the records then put it in exact
 * order; for relevance, the records whose title is the term come first.
 */
async function postingsPage(db: Kysely<Database>, options: SearchOptions, gram: string) {
  const relevance = options.sort === 'relevance';
  const needed = options.offset + options.limit;
  const inTitleFirst = (inTitle: boolean | null) => {
    let query = postingsOf(db, gram, options);
    if (inTitle !== null) query = query.where('p.in_title', '=', inTitle);
    return (relevance ? query.orderBy('p.in_title', 'desc') : query).orderBy('p.title_key').orderBy('p.record_id').limit(needed);
  };
  const page = db
    // For title order the two in_title ranges are each already sorted: take the head of both and sort those few.
    .with('head', (qb) =>
      relevance
        ? inTitleFirst(null)
        : qb
            .selectFrom(
              qb.selectFrom(inTitleFirst(true).as('t')).selectAll().unionAll(qb.selectFrom(inTitleFirst(false).as('o')).selectAll()).as('both'),
            )
            .selectAll()
            .orderBy('title_key')
            .orderBy('record_id')
            .limit(needed),
    )
    .with('edge', (qb) => {
      const last = qb.selectFrom('head').select(['in_title', 'title_key']);
      return (relevance ? last.orderBy('in_title') : last).orderBy('title_key', 'desc').limit(1);
    })
    .with('candidates', (qb) => {
      const sameKey = postingsOf(db, gram, options).where(sql<SqlBool>`p.title_key = (select title_key from edge)`);
      const ties = relevance ? sameKey.where(sql<SqlBool>`p.in_title = (select in_title from edge)`) : sameKey;
      const withTies = qb.selectFrom('head').select(['record_id', 'in_title', 'title_key']).union(ties);
      if (!relevance) return withTies;
      let exact = db
        .selectFrom('records as r')
        .select(['r.id as record_id', sql<boolean>`true`.as('in_title'), sql<string>`search_title_key(r.title_kana)`.as('title_key')])
        .where(exactTitle, '=', gram);
      if (options.type) exact = exact.where('r.material', '=', options.type);
      if (options.available) exact = exact.where(onShelf(sql.ref('r.id')));
      return withTies.union(exact);
    })
    .selectFrom('candidates as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select(hitColumns);
  const ordered = relevance ? page.orderBy(sql`${exactTitle} = ${gram}`, 'desc').orderBy('c.in_title', 'desc') : page;
  return ordered.orderBy('c.title_key').orderBy(readingOrder).orderBy('r.id').limit(options.limit).offset(options.offset).execute();
}

/** Of these records, those with a copy on the shelf: worked out for the page's records only, not for every match. */
async function onShelfAmong(db: Kysely<Database>, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('copies')
    .select('record_id')
    .distinct()
    .where('record_id', 'in', ids)
    .where('status', '=', 'on_shelf')
    .where('reference_only', '=', false)
    .execute();
  return new Set(rows.map((c) => c.record_id));
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

export type RecordDetail = Omit<SearchHit, 'available'> &
  Pick<ImportRecord, 'authorKana' | 'isbn' | 'ndc' | 'subject' | 'series' | 'issueDate'> & {
    serialTitle: string | null;
    latestIssue: boolean;
    copies: CopyDetail[];
    holdCount: number;
    patron: { activeHold: boolean; openLoan: boolean } | null;
  };

/** A record with its copies, hold count and, for a signed-in patron, whether they hold or borrow it. */
export async function findRecordDetail(db: Kysely<Database>, id: number, patronId: number | null): Promise<RecordDetail | null> {
  const record = await db
    .selectFrom('records as r')
    .leftJoin('serials as s', 's.id', 'r.serial_id')
    .selectAll('r')
    .select('s.title as serial_title')
    .select(
      sql<boolean>`r.serial_id is not null and not exists (
        select 1 from records n where n.serial_id = r.serial_id
        and (coalesce(n.issue_date, '0001-01-01'), n.id) > (coalesce(r.issue_date, '0001-01-01'), r.id))`.as('latest_issue'),
    )
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!record) return null;
  const copies = await db
    .selectFrom('copies as c')
    .innerJoin('pickup_places as p', 'p.code', 'c.current_place')
    .leftJoin('loans as l', (join) => join.onRef('l.copy_id', '=', 'c.id').on('l.returned_at', 'is', null))
    .select(['c.barcode', 'p.name_ja', 'p.name_en', 'c.shelf_mark', 'c.status', 'c.reference_only', 'l.due_date'])
    .where('c.record_id', '=', id)
    .orderBy('c.id')
    .execute();
  const holds = await db
    .selectFrom('holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('record_id', '=', id)
    .where('status', 'in', ACTIVE_HOLD)
    .executeTakeFirstOrThrow();
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
    copies: copies.map((c) => ({
      barcode: c.barcode,
      placeJa: c.name_ja,
      placeEn: c.name_en,
      shelfMark: c.shelf_mark,
      status: c.status,
      referenceOnly: c.reference_only,
      dueDate: c.due_date,
    })),
    holdCount: Number(holds.n),
    patron: patronId === null ? null : await patronRelation(db, id, patronId),
  };
}

async function patronRelation(db: Kysely<Database>, recordId: number, patronId: number): Promise<{ activeHold: boolean; openLoan: boolean }> {
  const hold = await db
    .selectFrom('holds')
    .select('id')
    .where('record_id', '=', recordId)
    .where('patron_id', '=', patronId)
    .where('status', 'in', ACTIVE_HOLD)
    .executeTakeFirst();
  const loan = await db
    .selectFrom('loans as l')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .select('l.id')
    .where('c.record_id', '=', recordId)
    .where('l.patron_id', '=', patronId)
    .where('l.returned_at', 'is', null)
    .executeTakeFirst();
  return { activeHold: hold !== undefined, openLoan: loan !== undefined };
}

/** The columns an import writes; compared with the stored row to tell "updated" from "unchanged". */
export type RecordValues = Omit<NewCatalogRecord, 'id' | 'created_at' | 'updated_at'> & {
  source_id: string;
  search_text: string;
};

export type StoredRecord = RecordValues & { id: number };

const importedColumns = [
  'source_id', 'material', 'av_format', 'title', 'title_kana', 'author', 'author_kana', 'publisher', 'pub_year', 'isbn',
  'ndc', 'subject', 'series', 'series_kana', 'serial_id', 'issue_label', 'issue_date', 'search_text',
] as const;

/** Stored records with one of these source ids or ISBNs (an import matches on either). */
export async function findRecordsForImport(db: Kysely<Database>, sourceIds: string[], isbns: string[]): Promise<StoredRecord[]> {
  if (sourceIds.length === 0 && isbns.length === 0) return [];
  return db
    .selectFrom('records')
    .select(['id', ...importedColumns])
    .where((eb) =>
      eb.or([
        ...(sourceIds.length > 0 ? [eb('source_id', 'in', sourceIds)] : []),
        ...(isbns.length > 0 ? [eb('isbn', 'in', isbns)] : []),
      ]),
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
  await db.updateTable('records').set({ ...changes, updated_at: sql`${now.toISOString()}::timestamptz` }).where('id', '=', id).execute();
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

/** Adds copies whose barcodes are new; a barcode already known is left as it is. Returns how many were added. */
export async function insertCopies(
  db: Kysely<Database>,
  copies: { barcode: string; recordId: number; place: string; shelfMark: string }[],
): Promise<number> {
  if (copies.length === 0) return 0;
  const rows = await db
    .insertInto('copies')
    .values(
      copies.map((c) => ({ barcode: c.barcode, record_id: c.recordId, home_place: c.place, current_place: c.place, shelf_mark: c.shelfMark })),
    )
    .onConflict((oc) => oc.column('barcode').doNothing())
    .returning('id')
    .execute();
  return rows.length;
}
