/**
 * Daily jobs that several workers may try at once: the first to claim the
 * job's row for the day runs it, the others skip it. The work runs in the
 * claiming transaction and the day is recorded only when it commits, so a
 * run that fails is tried again on the next tick.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';
import { addDays } from '../time.ts';

/** Runs `work` unless this job already ran on `today` or another worker is running it; true when it ran. */
export async function runOncePerDay(
  db: Kysely<Database>,
  name: string,
  today: CalendarDate,
  work: (tx: Transaction<Database>) => Promise<void>,
): Promise<boolean> {
  await db
    .insertInto('job_runs')
    .values({ name, last_run_on: addDays(today, -1) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return db.transaction().execute(async (tx) => {
    // SKIP LOCKED: a worker that finds the row taken leaves the day's run to the one holding it.
    const row = await tx.selectFrom('job_runs').select('last_run_on').where('name', '=', name).forUpdate().skipLocked().executeTakeFirst();
    if (!row || row.last_run_on >= today) return false;
    await work(tx);
    await tx.updateTable('job_runs').set({ last_run_on: today }).where('name', '=', name).execute();
    return true;
  });
}
