/**
 * A stamp for each material's part of the catalog, new whenever a record of
 * it is added or removed, or changes what a search matches in it (its
 * searchable text, ISBN or material). What a search matches depends on
 * nothing else, unless it asks for what is on the shelf now, so a web
 * process remembers the counts it made with the stamps they were made under
 * (src/catalog/search-counts-memo.ts): paging through a common search, or
 * the same search from the next patron, is not counted again until the
 * catalog changes. Counting 「し の つ」 up to 10,001 took 60–90 ms of the
 * load benchmark's 1,000,000 records, the most of any search.
 *
 * The stamp is random, not a counter, so a database restored from a backup
 * never shows an old stamp for other records. It is changed by the same
 * row-ordered upsert that keeps the records' counts (20261209_1002), so two
 * imports at once still queue on the same rows in the same order.
 */
import { type Kysely, sql } from 'kysely';
import { recordCountsFunction, recordCountsFunctions } from './20261209_1002_record_counts.ts';

/** Adds the statement's `changes` (material, change) to the counts and stamps those materials anew, in material order. */
const countAndStamp = (changes: string) => `
  INSERT INTO record_counts AS c (material, records)
  SELECT material, sum(change) FROM (${changes}) AS changed
  GROUP BY material
  ORDER BY material
  ON CONFLICT (material) DO UPDATE SET records = c.records + excluded.records, stamp = gen_random_uuid()`;

/** The updated records whose text, ISBN or material a search would now find otherwise. */
const searchedChange = `
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (o.search_text, o.isbn, o.material) IS DISTINCT FROM (n.search_text, n.isbn, n.material)`;

/** A moved record leaves one count for another; any such change stamps both materials. */
const updateChanges = `
  SELECT n.material, CASE WHEN o.material <> n.material THEN 1 ELSE 0 END AS change ${searchedChange}
  UNION ALL
  SELECT o.material, CASE WHEN o.material <> n.material THEN -1 ELSE 0 END ${searchedChange}`;

const functions = [
  recordCountsFunction('insert', `${countAndStamp('SELECT material, 1 AS change FROM new_rows')};`),
  // Every update of records fires it (a copy added touches its record's datestamp), so it returns at once when no search would notice.
  recordCountsFunction(
    'update',
    `IF NOT EXISTS (SELECT 1 ${searchedChange}) THEN RETURN NULL; END IF;
       ${countAndStamp(updateChanges)};`,
  ),
  recordCountsFunction('delete', `${countAndStamp('SELECT material, -1 AS change FROM old_rows')};`),
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE record_counts ADD COLUMN stamp uuid NOT NULL DEFAULT gen_random_uuid()`.execute(db);
  for (const statement of functions) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of recordCountsFunctions) await sql.raw(statement).execute(db);
  await sql`ALTER TABLE record_counts DROP COLUMN stamp`.execute(db);
}
