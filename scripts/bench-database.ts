/**
 * The benchmarks' large synthetic libraries: kept between runs in a
 * throwaway cluster's folder, and loaded with the search indexes set aside.
 */
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/schema.ts';

/**
 * Drops the indexes of `tables` that back no constraint while `work` runs,
 * then builds them again from their own definitions: a bulk load then
 * writes each index once, sorted, instead of row by row (the search
 * postings' index made a 1,000,000-record load take most of an hour).
 */
export async function withoutIndexes(db: Kysely<Database>, tables: string[], work: () => Promise<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = 'public' and i.tablename = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const index of rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  await work();
  for (const index of rows) await sql.raw(index.definition).execute(db);
}

/**
 * True when the cluster's database `name` already holds a finished library
 * (its comment is `mark`, written by markFinished when the build ended);
 * otherwise the database is made anew, empty.
 */
export async function finishedLibrary(adminUrl: string, name: string, mark: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1",
      [name],
    );
    if (rows[0]?.comment === mark) return true;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    return false;
  } finally {
    await admin.end();
  }
}

/** Marks the connected database's library as finished, for finishedLibrary. */
export async function markFinished(db: Kysely<Database>, name: string, mark: string): Promise<void> {
  await sql`comment on database ${sql.id(name)} is ${sql.lit(mark)}`.execute(db);
}
