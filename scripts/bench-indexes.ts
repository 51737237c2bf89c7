/** Bulk loads for the benchmarks: their large synthetic libraries are loaded with the search indexes set aside. */
import { type Kysely, sql } from 'kysely';
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
