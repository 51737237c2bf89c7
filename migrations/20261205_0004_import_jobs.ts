/**
 * Imports uploaded on the staff screen, run by the worker: the file waits
 * here until a worker claims it, and the row keeps the progress the page
 * follows and the report it shows. The file's bytes are dropped when the job
 * ends (a patrons file is personal data). A running job whose worker has
 * not written for a while (the process stopped) is taken up again: imports
 * are idempotent, so running one again from the start is safe.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE import_jobs (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('catalog', 'patrons', 'copies')),
     file_name text NOT NULL,
     content bytea,
     status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
     done integer NOT NULL DEFAULT 0,
     total integer NOT NULL DEFAULT 0,
     report jsonb,
     error text,
     staff_id integer REFERENCES staff (id),
     created_at timestamptz NOT NULL,
     heartbeat_at timestamptz,
     finished_at timestamptz
   )`.execute(db);
  await sql`CREATE INDEX import_jobs_open ON import_jobs (id) WHERE status IN ('queued', 'running')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE import_jobs`.execute(db);
}
