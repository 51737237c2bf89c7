/** Circulation jobs of the worker: the daily hold-shelf expiry, and trapping back issues once a newer issue arrives. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { runOncePerDay } from '../jobs/job-runs.repo.ts';
import { circulationContext, expireOverdueHolds, trapBackIssues } from './circulation.repo.ts';

export const HOLD_EXPIRY_JOB = 'hold-shelf-expiry';

/** Expires the ready holds past their deadline, unless another worker already did today; the number expired, or null when skipped. */
export async function expireHoldsOncePerDay(
  db: Kysely<Database>,
  config: Pick<Config, 'rules' | 'mailFrom'>,
  now: Date,
): Promise<number | null> {
  const ctx = await circulationContext(db, config, now, null);
  let expired: number | null = null;
  await runOncePerDay(db, HOLD_EXPIRY_JOB, ctx.today, async (tx) => {
    expired = await expireOverdueHolds(tx, ctx);
  });
  return expired;
}

/** Traps the copies of magazine issues that a newer issue has made loanable; the number trapped. */
export async function trapNewlyLoanableIssues(
  db: Kysely<Database>,
  config: Pick<Config, 'rules' | 'mailFrom'>,
  now: Date,
): Promise<number> {
  return trapBackIssues(db, await circulationContext(db, config, now, null));
}
