/**
 * Daily jobs that several workers may try at once: the first to claim the
 * job's row for the day runs it, the others skip it. The claim is one
 * statement, so a job may do its work in as many short transactions as it
 * likes (batches that never hold long locks); a run that fails gives the day
 * back, and the next tick tries again. Every daily job is idempotent, so a
 * day run twice (a crash after some batches, `run-jobs`) changes nothing.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';
import { addDays } from '../time.ts';

/** Runs `work` unless this job already ran on `today` or another worker is running it; its result, or null when skipped. */
export async function runOncePerDay<T>(db: Kysely<Database>, name: string, today: CalendarDate, work: () => Promise<T>): Promise<T | null> {
  const notYet = addDays(today, -1);
  await db
    .insertInto('job_runs')
    .values({ name, last_run_on: notYet })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const claimed = await db
    .updateTable('job_runs')
    .set({ last_run_on: today })
    .where('name', '=', name)
    .where('last_run_on', '<', today)
    .returning('name')
    .executeTakeFirst();
  if (!claimed) return null;
  try {
    return await work();
  } catch (error) {
    await db.updateTable('job_runs').set({ last_run_on: notYet }).where('name', '=', name).where('last_run_on', '=', today).execute();
    throw error;
  }
}
