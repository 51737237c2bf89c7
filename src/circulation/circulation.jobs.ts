/** Circulation jobs of the worker: the daily hold-shelf expiry, and trapping back issues once a newer issue arrives. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { DailyJob } from '../jobs/daily-jobs.ts';
import { runOncePerDay } from '../jobs/job-runs.repo.ts';
import { libraryDate } from '../time.ts';
import { circulationContext, expireOverdueHolds, trapBackIssues } from './circulation.repo.ts';

/** Expires the ready holds past their pickup deadline and sends each copy on (the next hold, or back to the shelf). */
export const holdShelfExpiryJob: DailyJob = {
  name: 'hold-shelf-expiry',
  run: async ({ db, config, now }) => `holds expired, not collected in time: ${await expireUncollectedHolds(db, config, now)}`,
};

async function expireUncollectedHolds(db: Kysely<Database>, config: Pick<Config, 'rules' | 'mailFrom'>, now: Date): Promise<number> {
  const ctx = await circulationContext(db, config, now, null);
  return db.transaction().execute((tx) => expireOverdueHolds(tx, ctx));
}

/** The hold-shelf expiry unless another worker already ran it today; the number expired, or null when skipped. */
export async function expireHoldsOncePerDay(
  db: Kysely<Database>,
  config: Pick<Config, 'rules' | 'mailFrom'>,
  now: Date,
): Promise<number | null> {
  const today = libraryDate(now, config.rules.timeZone);
  return runOncePerDay(db, holdShelfExpiryJob.name, today, () => expireUncollectedHolds(db, config, now));
}

/** Traps the copies of magazine issues that a newer issue has made loanable; the number trapped. */
export async function trapNewlyLoanableIssues(
  db: Kysely<Database>,
  config: Pick<Config, 'rules' | 'mailFrom'>,
  now: Date,
): Promise<number> {
  return trapBackIssues(db, await circulationContext(db, config, now, null));
}
