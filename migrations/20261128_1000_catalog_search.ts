/**
 * Catalog search. Series statements (490 in MARC) get columns of their own
 * and are searched too. The search index is an inverted index of the
 * unigrams and bigrams of records.search_text (GIN over an expression, so
 * nothing extra is stored in the table): a 1- or 2-character query is one
 * index key, and a longer one intersects a few of its bigrams before a
 * substring check. Trigram indexes cannot serve 1- and 2-character queries,
 * and pg_trgm drops non-ASCII characters under the C locale PGlite runs in.
 * The grams skip the separators buildSearchText puts between fields
 * (' ' and '|'), so no key spans two fields.
 */
import { type Kysely, sql } from 'kysely';

const statements = [
  `ALTER TABLE records ADD COLUMN series text NOT NULL DEFAULT ''`,
  `ALTER TABLE records ADD COLUMN series_kana text NOT NULL DEFAULT ''`,
  `CREATE FUNCTION search_grams(t text) RETURNS text[]
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$
       SELECT coalesce(array_agg(DISTINCT g), '{}')
       FROM (
         SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
         UNION ALL
         SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
       ) AS grams
       WHERE g !~ '[ |]'
     $$`,
  `CREATE INDEX records_search_grams ON records USING gin (search_grams(search_text))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP INDEX records_search_grams').execute(db);
  await sql.raw('DROP FUNCTION search_grams(text)').execute(db);
  await sql.raw('ALTER TABLE records DROP COLUMN series_kana').execute(db);
  await sql.raw('ALTER TABLE records DROP COLUMN series').execute(db);
}
