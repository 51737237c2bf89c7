/**
 * How many records hold each gram, by material: the sizes of the search
 * postings' ranges, kept in step by the postings' own statement-level
 * triggers. A lone 1- or 2-character query's total is then one to three
 * rows read, exact and uncapped, instead of an index count stopped at
 * COUNT_LIMIT.
 *
 * The trigger functions of 20261128_1001 are replaced by ones that count
 * the postings they insert and delete (RETURNING), so a record's grams are
 * still worked out once per write: search_grams costs a few tenths of a
 * millisecond a record, most of an import's time. The counts are changed
 * in gram order, so two imports at once queue on the same rows in the same
 * order instead of deadlocking. A count that falls to 0 stays as a row.
 */
import { type Kysely, sql } from 'kysely';

const postingsOf = (rows: string) => `
  SELECT g, strpos(split_part(n.search_text, '|', 1), g) > 0, search_title_key(n.title_kana), n.material, n.id
  FROM ${rows} n, unnest(search_grams(n.search_text)) AS g`;

const insertPostings = (rows: string) => `
  INSERT INTO search_postings (gram, in_title, title_key, material, record_id) ${postingsOf(rows)}
  RETURNING gram, material, 1 AS change`;

const deleteOldPostings = (returning: string) => `
  DELETE FROM search_postings p
  USING (
    SELECT o.id, g, strpos(split_part(o.search_text, '|', 1), g) > 0 AS in_title, search_title_key(o.title_kana) AS title_key
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    CROSS JOIN unnest(search_grams(o.search_text)) AS g
    WHERE (o.search_text, o.title_kana, o.material) IS DISTINCT FROM (n.search_text, n.title_kana, n.material)
  ) AS gone
  WHERE p.gram = gone.g AND p.in_title = gone.in_title AND p.title_key = gone.title_key AND p.record_id = gone.id
  ${returning}`;

/** Adds up the changes of the postings written by the statement's `changes` queries. */
const countChanges = (changes: string) => `
  INSERT INTO search_gram_counts AS c (gram, material, records)
  SELECT gram, material, sum(change) FROM (${changes}) AS changed
  GROUP BY gram, material
  ORDER BY gram, material
  ON CONFLICT (gram, material) DO UPDATE SET records = c.records + excluded.records`;

const updated = `(
  SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (o.search_text, o.title_kana, o.material) IS DISTINCT FROM (n.search_text, n.title_kana, n.material))`;

const statements = [
  `CREATE TABLE search_gram_counts (
     gram text NOT NULL,
     material text NOT NULL,
     records integer NOT NULL,
     PRIMARY KEY (gram, material)
   )`,
  `INSERT INTO search_gram_counts (gram, material, records)
   SELECT gram, material, count(*) FROM search_postings GROUP BY gram, material`,
  `CREATE OR REPLACE FUNCTION search_postings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       WITH added AS (${insertPostings('new_rows')})
       ${countChanges('SELECT * FROM added')};
       RETURN NULL;
     END $$`,
  // The deletion and the insertion are separate statements, as before: in one, the insertion could not see the deletion.
  `CREATE OR REPLACE FUNCTION search_postings_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       WITH gone AS (${deleteOldPostings('RETURNING p.gram, p.material, -1 AS change')})
       ${countChanges('SELECT * FROM gone')};
       WITH added AS (${insertPostings(updated)})
       ${countChanges('SELECT * FROM added')};
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE FUNCTION search_postings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       WITH gone AS (DELETE FROM search_postings p USING old_rows o WHERE p.record_id = o.id RETURNING p.gram, p.material, -1 AS change)
       ${countChanges('SELECT * FROM gone')};
       RETURN NULL;
     END $$`,
];

/** The trigger functions as 20261128_1001 made them. */
const restored = [
  `CREATE OR REPLACE FUNCTION search_postings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO search_postings (gram, in_title, title_key, material, record_id) ${postingsOf('new_rows')};
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE FUNCTION search_postings_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${deleteOldPostings('')};
       INSERT INTO search_postings (gram, in_title, title_key, material, record_id) ${postingsOf(updated)};
       RETURN NULL;
     END $$`,
  `CREATE OR REPLACE FUNCTION search_postings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       DELETE FROM search_postings p USING old_rows o WHERE p.record_id = o.id;
       RETURN NULL;
     END $$`,
  `DROP TABLE search_gram_counts`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of restored) await sql.raw(statement).execute(db);
}
