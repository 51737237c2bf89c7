/** The hold-shelf expiry as the worker runs it: once per library day, whichever worker gets there first. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { runOncePerDay } from '../jobs/job-runs.repo.ts';
import { circulationContext, expireOverdueHolds } from './circulation.repo.ts';

export const HOLD_EXPIRY_JOB = 'hold-shelf-expiry';

/** Expires the ready holds past their deadline, unless another worker already did today; the number expired, or null when skipped. */
export async function expireHoldsOncePerDay(db: Kysely<Database>, config: Pick<Config, 'rules' | 'mailFrom'>, now: Date): Promise<number | null> {
  const ctx = await circulationContext(db, config, now, null);
  let expired: number | null = null;
  await runOncePerDay(db, HOLD_EXPIRY_JOB, ctx.today, async (tx) => {
    expired = await expireOverdueHolds(tx, ctx);
  });
  return expired;
}
