/**
 * The daily retention job (SPEC §12): what a patron read, reserved and was
 * mailed is forgotten once its period has passed, by the periods of
 * LIBRARY_CONFIG `retention`, counted back from the run's `now` (so
 * `run-jobs --date` applies them as on that date).
 */
import type { Kysely } from 'kysely';
import type { Config, LibraryRules } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { DailyJob } from '../jobs/daily-jobs.ts';
import { deleteOldMailFiles } from './mail-files.ts';
import {
  deleteExpiredLinks,
  deleteFinishedMail,
  deleteFinishedPushes,
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
  /** Push notices sent or given up (the row links a device, so its patron, to a hold). */
  finishedPushes: number;
  oneTimeLinks: number;
  auditEntries: number;
  expiredLinks: number;
  /** .eml files of the mail folder (only without SMTP_URL, where delivered mail is kept there). */
  mailFiles: number;
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
export async function applyRetention(
  db: Kysely<Database>,
  config: Pick<Config, 'smtpUrl' | 'dataDir'> & { rules: Pick<LibraryRules, 'retention'> },
  now: Date,
): Promise<RetentionReport> {
  const { retention } = config.rules;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    returnedLoans: await inBatches(() => forgetReturnedLoans(db)),
    loanAuditEntries: await inBatches(() => forgetLoanAuditEntries(db)),
    finishedHolds: await inBatches(() => forgetFinishedHolds(db, daysAgo(retention.finishedHoldDays))),
    reservationConfirmations: await inBatches(() => deleteReservationConfirmations(db, daysAgo(retention.finishedHoldDays))),
    finishedMail: await inBatches(() => deleteFinishedMail(db, daysAgo(retention.sentMailDays))),
    finishedPushes: await inBatches(() => deleteFinishedPushes(db, daysAgo(retention.sentMailDays))),
    oneTimeLinks: await inBatches(() => dropFinishedOneTimeLinks(db)),
    auditEntries: await inBatches(() => forgetOldAuditEntries(db, daysAgo(retention.auditDays))),
    expiredLinks: await inBatches(() => deleteExpiredLinks(db, daysAgo(retention.sentMailDays))),
    mailFiles: config.smtpUrl ? 0 : await deleteOldMailFiles(config.dataDir, daysAgo(retention.sentMailDays)),
  };
}

export const retentionJob: DailyJob = {
  name: 'retention',
  run: async ({ db, config, now }) => {
    const report = await applyRetention(db, config, now);
    return Object.entries(report)
      .map(([step, count]) => `${step} ${count}`)
      .join(', ');
  },
};
