import type { Kysely } from 'kysely';
import type { Locale } from '../config.ts';
import type { Database } from '../db/schema.ts';

/** How many titles the catalog holds (the home page says so). */
export async function countRecords(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The language the patron last used the site in: their mails are written in it. */
export async function savePatronLocale(db: Kysely<Database>, patronId: number, locale: Locale): Promise<void> {
  await db.updateTable('patrons').set({ locale }).where('id', '=', patronId).where('locale', '<>', locale).execute();
}
