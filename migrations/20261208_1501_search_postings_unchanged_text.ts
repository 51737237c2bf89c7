/**
 * The search postings' update trigger (20261128_1002) is statement-level, so
 * it runs for every UPDATE of records, even one that changes no searched
 * text: a copy added or withdrawn touches its record's `changed_at` (the
 * OAI datestamp, 20261206_1003) one row at a time. Its DELETE then joined
 * the transition tables to the whole of search_postings, about 23 ms a row
 * at 1,000 records and growing with the catalog, so importing copies slowed
 * as the library grew. Now the function returns at once when no row's
 * searched text, reading or material changed; what it does otherwise is
 * unchanged.
 */
import { type Kysely, sql } from 'kysely';

/** A record whose searched text, reading or material the statement changed. */
const changed = '(o.search_text, o.title_kana, o.material) IS DISTINCT FROM (n.search_text, n.title_kana, n.material)';

const countChanges = (changes: string) => `
  INSERT INTO search_gram_counts AS c (gram, material, records)
  SELECT gram, material, sum(change) FROM ${changes} AS changed
  GROUP BY gram, material
  ORDER BY gram, material
  ON CONFLICT (gram, material) DO UPDATE SET records = c.records + excluded.records`;

/** The body of 20261128_1002's function: the postings of the old text out, those of the new in, the counts kept in step. */
const body = `
  WITH gone AS (
    DELETE FROM search_postings p
    USING (
      SELECT o.id, g, strpos(split_part(o.search_text, '|', 1), g) > 0 AS in_title, search_title_key(o.title_kana) AS title_key
      FROM old_rows o
      JOIN new_rows n ON n.id = o.id
      CROSS JOIN unnest(search_grams(o.search_text)) AS g
      WHERE ${changed}
    ) AS gone
    WHERE p.gram = gone.g AND p.in_title = gone.in_title AND p.title_key = gone.title_key AND p.record_id = gone.id
    RETURNING p.gram, p.material, -1 AS change)
  ${countChanges('gone')};
  WITH added AS (
    INSERT INTO search_postings (gram, in_title, title_key, material, record_id)
    SELECT g, strpos(split_part(n.search_text, '|', 1), g) > 0, search_title_key(n.title_kana), n.material, n.id
    FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${changed}) n, unnest(search_grams(n.search_text)) AS g
    RETURNING gram, material, 1 AS change)
  ${countChanges('added')};`;

const updateFunction = (guard: string) => `
  CREATE OR REPLACE FUNCTION search_postings_update() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${guard}
    ${body}
    RETURN NULL;
  END $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      updateFunction(`IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${changed}) THEN RETURN NULL; END IF;`),
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(updateFunction('')).execute(db);
}
