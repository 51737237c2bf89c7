/** Copy lookups the imports need: who already holds a barcode. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The record each of these barcodes already belongs to, keyed by the barcode upper-cased (the unique index's form). */
export async function findCopyOwners(db: Kysely<Database>, barcodes: string[]): Promise<Map<string, number>> {
  if (barcodes.length === 0) return new Map();
  const keys = [...new Set(barcodes.map((b) => b.toUpperCase()))];
  const rows = await db
    .selectFrom('copies')
    .select([sql<string>`upper(barcode)`.as('key'), 'record_id'])
    .where(sql<boolean>`upper(barcode) = any(${keys}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.key, r.record_id]));
}

/** Records by source id or ISBN-13, with both keys, for matching the rows of a copies file. */
export async function findRecordKeys(
  db: Kysely<Database>,
  sourceIds: string[],
  isbns: string[],
): Promise<{ id: number; source_id: string; isbn: string | null }[]> {
  if (sourceIds.length === 0 && isbns.length === 0) return [];
  return db
    .selectFrom('records')
    .select(['id', 'source_id', 'isbn'])
    .where((eb) =>
      eb.or([...(sourceIds.length > 0 ? [eb('source_id', 'in', sourceIds)] : []), ...(isbns.length > 0 ? [eb('isbn', 'in', isbns)] : [])]),
    )
    .execute();
}
