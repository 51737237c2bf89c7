/** The import_jobs queue: uploads waiting for a worker, their progress and their report. */
import type { Kysely } from 'kysely';
import type { Database, ImportKind, ImportReport } from '../db/schema.ts';

export async function createImportJob(
  db: Kysely<Database>,
  job: { kind: ImportKind; fileName: string; content: Uint8Array; staffId: number; now: Date },
): Promise<number> {
  const row = await db
    .insertInto('import_jobs')
    .values({ kind: job.kind, file_name: job.fileName, content: Buffer.from(job.content), staff_id: job.staffId, created_at: job.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A running job whose worker has written nothing for this long is taken to have lost it. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Takes the oldest queued job, or a running one its worker abandoned, for
 * this worker (another worker skips it); null when none waits.
 */
export async function claimImportJob(db: Kysely<Database>, now: Date) {
  return db.transaction().execute(async (tx) => {
    const next = await tx
      .selectFrom('import_jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', new Date(now.getTime() - ABANDONED_AFTER_MS))]),
        ]),
      )
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!next) return null;
    return tx
      .updateTable('import_jobs')
      .set({ status: 'running', done: 0, heartbeat_at: now })
      .where('id', '=', next.id)
      .returning(['id', 'kind', 'file_name', 'content'])
      .executeTakeFirstOrThrow();
  });
}

export async function setImportProgress(db: Kysely<Database>, id: number, done: number, total: number, now: Date): Promise<void> {
  await db.updateTable('import_jobs').set({ done, total, heartbeat_at: now }).where('id', '=', id).execute();
}

/** Ends a job with its report or its error; the file's bytes go. */
export async function finishImportJob(
  db: Kysely<Database>,
  id: number,
  outcome: { report: ImportReport } | { error: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      status: 'report' in outcome ? 'done' : 'failed',
      report: 'report' in outcome ? JSON.stringify(outcome.report) : null,
      error: 'error' in outcome ? outcome.error : null,
      content: null,
      finished_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** A job as its page shows it. */
export async function findImportJob(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('import_jobs')
    .select(['id', 'kind', 'file_name', 'status', 'done', 'total', 'report', 'error', 'created_at', 'finished_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export type ImportJobView = NonNullable<Awaited<ReturnType<typeof findImportJob>>>;

/** The newest jobs, for the import page's list. */
export async function listImportJobs(db: Kysely<Database>, limit = 10) {
  return db
    .selectFrom('import_jobs')
    .select(['id', 'kind', 'file_name', 'status', 'done', 'total', 'created_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
