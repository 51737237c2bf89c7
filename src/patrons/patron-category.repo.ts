/** A patron's category code, for the pages that apply its terms without reading the whole patron. Kysely only; `db` first. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The patron's category code; null for none (or a patron since erased). */
export async function patronCategoryCode(db: Kysely<Database>, patronId: number): Promise<string | null> {
  const row = await db.selectFrom('patrons').select('category').where('id', '=', patronId).executeTakeFirst();
  return row?.category ?? null;
}
