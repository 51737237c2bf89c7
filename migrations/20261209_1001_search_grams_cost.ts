/**
 * search_grams is priced at what it costs. Declared at the default cost of
 * a SQL function (100 operators), it looked cheap enough for the planner to
 * work out the grams of record after record in a sequential scan until a
 * count's limit was reached, instead of asking the index: with parallel
 * workers off (as the service runs), counting 「と の」 up to 10,001 took
 * 2.6 s that way against 60–100 ms from the index, on the load benchmark's
 * 1,000,000 records. It takes about 70 µs a record, some thousand times an
 * operator's cost.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION search_grams(text) COST 1000`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION search_grams(text) COST 100`.execute(db);
}
