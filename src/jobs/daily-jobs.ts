/**
 * The jobs that run once a library day: the worker runs each through
 * `runOncePerDay`, and `run-jobs` runs them all at once (as on a given date,
 * outside production). Each must be idempotent: run twice for the same date,
 * it changes nothing the second time.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { holdShelfExpiryJob } from '../circulation/circulation.jobs.ts';
import { remindersJob } from '../notices/reminders.job.ts';
import { needByJob } from '../holds/need-by.job.ts';
import { newArrivalsJob } from '../alerts/alerts.job.ts';
import { retentionJob } from '../privacy/retention.job.ts';

export interface DailyJobRun {
  db: Kysely<Database>;
  config: Config;
  now: Date;
  /** The library's date at `now`. */
  today: CalendarDate;
}

export interface DailyJob {
  name: string;
  /** Does the day's work; a one-line summary of what it did. */
  run(run: DailyJobRun): Promise<string>;
}

/** Every daily job, in the order they run: features add theirs here. */
export function dailyJobs(): DailyJob[] {
  return [holdShelfExpiryJob, needByJob, remindersJob, newArrivalsJob, retentionJob];
}
