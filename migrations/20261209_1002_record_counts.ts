/**
 * How many records the catalog holds, by material, kept in step by
 * statement-level triggers on records as search_gram_counts is kept by the
 * postings' own. With the grams' counts it bounds how many records a search
 * of short terms matches without reading them: k terms, each held by h_i of
 * N records, are held together by at least Σh_i − (k−1)·N. Counting
 * 「と の」 up to 10,001 in the index took 60–100 ms on the load benchmark's
 * 1,000,000 records, where the counts prove "more than 10,000" at once.
 *
 * The triggers are named so they fire before the search postings' (the
 * alphabetical order of triggers on one event): two imports at once then
 * queue on the same rows in the same order. A count that falls to 0 stays
 * as a row.
 */
import { type Kysely, sql } from 'kysely';

/** Adds the statement's `changes` (material, change) to the counts, in material order. */
const countChanges = (changes: string) => `
  INSERT INTO record_counts AS c (material, records)
  SELECT material, sum(change) FROM (${changes}) AS changed
  GROUP BY material
  ORDER BY material
  ON CONFLICT (material) DO UPDATE SET records = c.records + excluded.records`;

/** A record whose material the statement changed leaves one count for another. */
const movedMaterial = `
  SELECT n.material, 1 AS change FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.material <> n.material
  UNION ALL
  SELECT o.material, -1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.material <> n.material`;

/** The function of a trigger on records that runs `body` (statements, each ended by a semicolon). */
export const recordCountsFunction = (event: 'insert' | 'update' | 'delete', body: string) =>
  `CREATE OR REPLACE FUNCTION record_counts_${event}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${body}
       RETURN NULL;
     END $$`;

/** The triggers' functions, as 20261210_0002's step down puts them back. */
export const recordCountsFunctions = [
  recordCountsFunction('insert', `${countChanges('SELECT material, 1 AS change FROM new_rows')};`),
  // Every update of records fires it (a copy added touches its record's datestamp), so it returns at once when no material changed.
  recordCountsFunction(
    'update',
    `IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.material <> n.material) THEN RETURN NULL; END IF;
       ${countChanges(movedMaterial)};`,
  ),
  recordCountsFunction('delete', `${countChanges('SELECT material, -1 AS change FROM old_rows')};`),
];

const statements = [
  `CREATE TABLE record_counts (
     material text PRIMARY KEY,
     records integer NOT NULL
   )`,
  `INSERT INTO record_counts (material, records) SELECT material, count(*) FROM records GROUP BY material`,
  ...recordCountsFunctions,
  ...(
    [
      ['insert', 'NEW TABLE AS new_rows'],
      ['update', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['delete', 'OLD TABLE AS old_rows'],
    ] as const
  ).map(
    ([event, tables]) => `CREATE TRIGGER records_record_counts_${event} AFTER ${event.toUpperCase()} ON records
       REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION record_counts_${event}()`,
  ),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const event of ['insert', 'update', 'delete']) {
    await sql.raw(`DROP TRIGGER records_record_counts_${event} ON records`).execute(db);
    await sql.raw(`DROP FUNCTION record_counts_${event}()`).execute(db);
  }
  await sql`DROP TABLE record_counts`.execute(db);
}
