/** Small builders for test rows; each returns the new row's id. */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { CopiesTable, HoldsTable, LoansTable, PatronsTable, RecordsTable } from '../../src/db/schema.ts';
import { buildSearchText } from '../../src/catalog/catalog.rules.ts';

let sequence = 0;
const next = () => ++sequence;

export async function addPatron(db: Kysely<Database>, values: Partial<Insertable<PatronsTable>> = {}): Promise<number> {
  const n = next();
  const row = await db
    .insertInto('patrons')
    .values({
      card_number: `0${String(9000000 + n).padStart(7, '0')}`,
      name: `テスト 利用者${n}`,
      birth_date: '1990-01-02',
      phone: '0312345678',
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addRecord(db: Kysely<Database>, values: Partial<Insertable<RecordsTable>> = {}): Promise<number> {
  const n = next();
  const row = await db
    .insertInto('records')
    .values({ source_id: `test-${n}`, material: 'book', title: `テスト資料 ${n}`, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addCopy(db: Kysely<Database>, recordId: number, values: Partial<Insertable<CopiesTable>> = {}): Promise<number> {
  const n = next();
  const row = await db
    .insertInto('copies')
    .values({ barcode: `T${String(n).padStart(8, '0')}`, record_id: recordId, home_place: 'main', current_place: 'main', ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addLoan(db: Kysely<Database>, values: Insertable<LoansTable>): Promise<number> {
  const row = await db.insertInto('loans').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addHold(
  db: Kysely<Database>,
  values: Pick<Insertable<HoldsTable>, 'patron_id' | 'record_id'> & Partial<Insertable<HoldsTable>>,
): Promise<number> {
  const row = await db
    .insertInto('holds')
    .values({ pickup_place: 'main', contact: 'none', placed_via: 'web', placed_at: new Date(), ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The search text of a record with only a title (and its reading): what the search box finds, for records the fixtures add. */
export function titleSearchText(title: string, titleKana = ''): string {
  return buildSearchText({ title, titleKana, author: '', authorKana: '', publisher: '', subject: '', series: '', seriesKana: '' });
}
