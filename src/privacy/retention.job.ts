/**
 * The daily retention job (SPEC §12): what a patron read, reserved and was
 * mailed is forgotten once its period has passed, by the periods of
 * LIBRARY_CONFIG `retention`, counted back from the run's `now` (so
 * `run-jobs --date` applies them as on that date).
 */
import type { Kysely } from 'kysely';
import type { LibraryRules } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { DailyJob } from '../jobs/daily-jobs.ts';
import {
  deleteExpiredLinks,
  deleteFinishedMail,
  deleteReservationConfirmations,
  dropFinishedOneTimeLinks,
  forgetFinishedHolds,
  forgetLoanAuditEntries,
  forgetOldAuditEntries,
  forgetReturnedLoans,
  RETENTION_BATCH,
} from './retention.repo.ts';

const DAY_MS = 86_400_000;

/** How many rows each step forgot, in the order they run. */
export interface RetentionReport {
  returnedLoans: number;
  loanAuditEntries: number;
  finishedHolds: number;
  reservationConfirmations: number;
  finishedMail: number;
  oneTimeLinks: number;
  auditEntries: number;
  expiredLinks: number;
}

/** Repeats one batch statement until a batch comes back short; the rows it changed in all. */
async function inBatches(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = await step();
    total += changed;
    if (changed < RETENTION_BATCH) return total;
  }
}

/** Applies every retention period as of `now`. */
export async function applyRetention(db: Kysely<Database>, retention: LibraryRules['retention'], now: Date): Promise<RetentionReport> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    returnedLoans: await inBatches(() => forgetReturnedLoans(db)),
    loanAuditEntries: await inBatches(() => forgetLoanAuditEntries(db)),
    finishedHolds: await inBatches(() => forgetFinishedHolds(db, daysAgo(retention.finishedHoldDays))),
    reservationConfirmations: await inBatches(() => deleteReservationConfirmations(db, daysAgo(retention.finishedHoldDays))),
    finishedMail: await inBatches(() => deleteFinishedMail(db, daysAgo(retention.sentMailDays))),
    oneTimeLinks: await inBatches(() => dropFinishedOneTimeLinks(db)),
    auditEntries: await inBatches(() => forgetOldAuditEntries(db, daysAgo(retention.auditDays))),
    expiredLinks: await inBatches(() => deleteExpiredLinks(db, daysAgo(retention.sentMailDays))),
  };
}

export const retentionJob: DailyJob = {
  name: 'retention',
  run: async ({ db, config, now }) => {
    const report = await applyRetention(db, config.rules.retention, now);
    return Object.entries(report)
      .map(([step, count]) => `${step} ${count}`)
      .join(', ');
  },
};
