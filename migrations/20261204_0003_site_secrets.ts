/**
 * Secrets every web process must share, one row per name. The first is the
 * key that signs an anonymous visitor's CSRF token: kept here, not in each
 * process's memory, so a form read from one process posts to another.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE site_secrets (
     name text PRIMARY KEY,
     value text NOT NULL
   )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE site_secrets`.execute(db);
}
