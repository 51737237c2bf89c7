/**
 * Search postings: one narrow row per (gram, record) with the record's
 * relevance keys, under a B-tree in relevance order. The GIN index of
 * 20261128_1000 finds a common character's ~30,000 records at 1,000,000 but
 * then every one of them is read to sort and count; here the first page of a
 * 1- or 2-character term is the head of one index range and the count an
 * index-only count over it. The GIN index stays for longer terms: it
 * intersects several grams' lists far faster than these rows could.
 *
 * - in_title: the gram occurs in the title zone (title, reading).
 * - title_key: '0' and the first four characters of the reading, or '1'
 *   when there is no reading (those sort last). It is a prefix, so rows
 *   that share it are put in exact order by the query, against the full
 *   reading; four characters keep both the row and those ties small.
 * - material: the type filter is answered from the index, without the record.
 *
 * A trigger keeps the rows in step with records, because records are written
 * by the import, the demo seed, test fixtures and the benchmark alike.
 * Statement-level, so a batch insert becomes one set-based insert. Old rows
 * are deleted by their full index key, so no second index (on record_id) is
 * needed. The readings are compared bytewise (COLLATE "C"): a prefix orders
 * like the whole string only under such a collation, and it is the order
 * C.UTF-8 and PGlite's C locale already gave.
 */
import { type Kysely, sql } from 'kysely';

const postingsOf = (rows: string) => `
  SELECT g, strpos(split_part(n.search_text, '|', 1), g) > 0, search_title_key(n.title_kana), n.material, n.id
  FROM ${rows} n, unnest(search_grams(n.search_text)) AS g`;

const deleteOldPostings = `
  DELETE FROM search_postings p
  USING (
    SELECT o.id, g, strpos(split_part(o.search_text, '|', 1), g) > 0 AS in_title, search_title_key(o.title_kana) AS title_key
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    CROSS JOIN unnest(search_grams(o.search_text)) AS g
    WHERE (o.search_text, o.title_kana, o.material) IS DISTINCT FROM (n.search_text, n.title_kana, n.material)
  ) AS gone
  WHERE p.gram = gone.g AND p.in_title = gone.in_title AND p.title_key = gone.title_key AND p.record_id = gone.id`;

const statements = [
  `CREATE FUNCTION search_title_key(reading text) RETURNS text
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT CASE WHEN reading = '' THEN '1' ELSE '0' || left(reading, 4) END $$`,
  `CREATE TABLE search_postings (
     gram text NOT NULL,
     in_title boolean NOT NULL,
     title_key text COLLATE "C" NOT NULL,
     material text NOT NULL,
     record_id integer NOT NULL
   )`,
  `INSERT INTO search_postings (gram, in_title, title_key, material, record_id) ${postingsOf('records')}`,
  `CREATE INDEX search_postings_relevance ON search_postings (gram, in_title DESC, title_key, record_id) INCLUDE (material)`,
  `CREATE INDEX records_exact_title ON records (split_part(split_part(search_text, '|', 1), ' ', 1))`,
  `CREATE FUNCTION search_postings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO search_postings (gram, in_title, title_key, material, record_id) ${postingsOf('new_rows')};
       RETURN NULL;
     END $$`,
  `CREATE FUNCTION search_postings_update() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${deleteOldPostings};
       INSERT INTO search_postings (gram, in_title, title_key, material, record_id) ${postingsOf(`(
         SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (o.search_text, o.title_kana, o.material) IS DISTINCT FROM (n.search_text, n.title_kana, n.material))`)};
       RETURN NULL;
     END $$`,
  `CREATE FUNCTION search_postings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       DELETE FROM search_postings p USING old_rows o WHERE p.record_id = o.id;
       RETURN NULL;
     END $$`,
  `CREATE TRIGGER records_search_postings_insert AFTER INSERT ON records
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_postings_insert()`,
  `CREATE TRIGGER records_search_postings_update AFTER UPDATE ON records
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_postings_update()`,
  `CREATE TRIGGER records_search_postings_delete AFTER DELETE ON records
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_postings_delete()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `DROP TRIGGER records_search_postings_delete ON records`,
    `DROP TRIGGER records_search_postings_update ON records`,
    `DROP TRIGGER records_search_postings_insert ON records`,
    `DROP FUNCTION search_postings_delete()`,
    `DROP FUNCTION search_postings_update()`,
    `DROP FUNCTION search_postings_insert()`,
    `DROP INDEX records_exact_title`,
    `DROP TABLE search_postings`,
    `DROP FUNCTION search_title_key(text)`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
