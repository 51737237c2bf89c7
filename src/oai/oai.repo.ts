/** What the OAI-PMH provider reads: records in datestamp order, with what Dublin Core needs of each. */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, Material } from '../db/schema.ts';
import type { ImportRecord } from '../catalog/import-record.ts';

export type HarvestedRecord = Pick<
  ImportRecord,
  | 'material'
  | 'avFormat'
  | 'title'
  | 'titleKana'
  | 'author'
  | 'authorKana'
  | 'publisher'
  | 'pubYear'
  | 'isbn'
  | 'ndc'
  | 'subject'
  | 'issueLabel'
> & {
  id: number;
  changedAt: Date;
  /** Every copy withdrawn: the record answers as deleted, for good (deletedRecord = persistent). */
  deleted: boolean;
};

export interface HarvestFilter {
  set: Material | null;
  from: Date | null;
  until: Date | null;
}

const deleted = sql<boolean>`exists (select 1 from copies c where c.record_id = r.id)
  and not exists (select 1 from copies c where c.record_id = r.id and c.status <> 'withdrawn')`;

function harvestQuery(db: Kysely<Database>) {
  return db
    .selectFrom('records as r')
    .select([
      'r.id',
      'r.changed_at',
      'r.material',
      'r.av_format',
      'r.title',
      'r.title_kana',
      'r.author',
      'r.author_kana',
      'r.publisher',
      'r.pub_year',
      'r.isbn',
      'r.ndc',
      'r.subject',
      'r.issue_label',
      deleted.as('deleted'),
    ]);
}

/** The list's arguments as one condition on `r`. */
function matching(filter: HarvestFilter): RawBuilder<boolean> {
  const conditions = [sql`true`];
  if (filter.set) conditions.push(sql`r.material = ${filter.set}`);
  if (filter.from) conditions.push(sql`r.changed_at >= ${filter.from}`);
  if (filter.until) conditions.push(sql`r.changed_at <= ${filter.until}`);
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

type Row = Awaited<ReturnType<ReturnType<typeof harvestQuery>['executeTakeFirstOrThrow']>>;

function toHarvested(row: Row): HarvestedRecord {
  return {
    id: row.id,
    changedAt: row.changed_at,
    material: row.material,
    avFormat: row.av_format,
    deleted: row.deleted,
    title: row.title,
    titleKana: row.title_kana,
    author: row.author,
    authorKana: row.author_kana,
    publisher: row.publisher,
    pubYear: row.pub_year,
    isbn: row.isbn,
    ndc: row.ndc,
    subject: row.subject,
    issueLabel: row.issue_label,
  };
}

/** Up to `limit` records after `after` in (datestamp, id) order: the records_harvest_order index's. */
export async function harvestPage(
  db: Kysely<Database>,
  filter: HarvestFilter,
  after: { changedAt: string; id: number } | null,
  limit: number,
): Promise<HarvestedRecord[]> {
  let query = harvestQuery(db).where(matching(filter));
  if (after) query = query.where(sql<boolean>`(r.changed_at, r.id) > (${new Date(after.changedAt)}::timestamptz, ${after.id})`);
  const rows = await query.orderBy('r.changed_at').orderBy('r.id').limit(limit).execute();
  return rows.map(toHarvested);
}

/** How many records the whole list has (completeListSize). */
export async function countHarvest(db: Kysely<Database>, filter: HarvestFilter): Promise<number> {
  const row = await db
    .selectFrom('records as r')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(matching(filter))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findHarvestedRecord(db: Kysely<Database>, id: number): Promise<HarvestedRecord | null> {
  const row = await harvestQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toHarvested(row) : null;
}

/** The oldest datestamp in the catalog, for Identify. */
export async function earliestDatestamp(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.min('changed_at').as('earliest'))
    .executeTakeFirst();
  return row?.earliest ? new Date(row.earliest) : null;
}
