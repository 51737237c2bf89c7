/** The catalog's queries: search, the record detail, and the writes of an import. */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { CalendarDate, CopyStatus, Database, Material, NewCatalogRecord } from '../db/schema.ts';
import type { SearchSort, SearchTerm } from './catalog.rules.ts';
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

/** Records matching every term and filter (no columns chosen yet). */
function matchingRecords(db: Kysely<Database>, options: SearchOptions) {
  const texts = options.terms.flatMap((t) => (t.kind === 'text' ? [t.text] : []));
  const grams = options.terms.flatMap((t) => (t.kind === 'text' ? t.grams : []));
  let query = db.selectFrom('records as r');
  // One containment test over every term's grams: a single GIN probe.
  if (grams.length > 0) query = query.where(sql<SqlBool>`search_grams(r.search_text) @> ${sql.val(grams)}::text[]`);
  for (const text of texts) if ([...text].length > 2) query = query.where(sql<SqlBool>`strpos(r.search_text, ${text}) > 0`);
  for (const term of options.terms) if (term.kind === 'isbn') query = query.where('r.isbn', '=', term.isbn13);
  if (options.type) query = query.where('r.material', '=', options.type);
  if (options.available) query = query.where(onShelf(sql.ref('r.id')));
  return query;
}

/** True when the record has a copy a patron could take off the shelf now. */
function onShelf(recordId: Expression<number>) {
  return sql<boolean>`exists (select 1 from copies c where c.record_id = ${recordId} and c.status = 'on_shelf' and not c.reference_only)`;
}

/** One page of records matching every term, with the total number of matches. */
export async function searchRecords(db: Kysely<Database>, options: SearchOptions): Promise<{ total: number; hits: SearchHit[] }> {
  const texts = options.terms.flatMap((t) => (t.kind === 'text' ? [t.text] : []));
  const titleZone = sql<string>`split_part(r.search_text, '|', 1)`;
  let ordered = matchingRecords(db, options).select([
    'r.id', 'r.material', 'r.av_format', 'r.title', 'r.title_kana', 'r.author', 'r.publisher', 'r.pub_year', 'r.issue_label',
    sql<number>`count(*) over ()`.as('total'),
  ]);
  if (options.sort === 'newest') {
    ordered = ordered.orderBy(sql`r.pub_year desc nulls last`).orderBy(sql`r.issue_date desc nulls last`).orderBy('r.id', 'desc');
  } else {
    if (options.sort === 'relevance' && texts.length > 0) {
      // Title first: the whole query being the title, then how many terms the title zone holds.
      const exactTitle = sql<boolean>`split_part(${titleZone}, ' ', 1) = ${texts.join('')}`;
      const titleHits = sql.join(texts.map((text) => sql`(strpos(${titleZone}, ${text}) > 0)::int`), sql` + `);
      ordered = ordered.orderBy(exactTitle, 'desc').orderBy(sql`${titleHits}`, 'desc');
    }
    ordered = ordered.orderBy(sql`r.title_kana = ''`).orderBy('r.title_kana').orderBy('r.id');
  }
  const rows = await ordered.limit(options.limit).offset(options.offset).execute();
  // Past the last page no row carries the windowed count, so count alone.
  const total = rows[0]
    ? Number(rows[0].total)
    : options.offset > 0
      ? Number((await matchingRecords(db, options).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
      : 0;
  // Availability only for the page's records: asked in the main query it would be worked out for every match.
  const onShelfIds = new Set(
    rows.length === 0
      ? []
      : (
          await db
            .selectFrom('copies')
            .select('record_id')
            .distinct()
            .where('record_id', 'in', rows.map((r) => r.id))
            .where('status', '=', 'on_shelf')
            .where('reference_only', '=', false)
            .execute()
        ).map((c) => c.record_id),
  );
  return {
    total,
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
