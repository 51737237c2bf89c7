import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** How many titles the catalog holds (the home page says so). */
export async function countRecords(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
