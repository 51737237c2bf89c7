/**
 * The background worker: a few named jobs, each run on its own interval.
 * Runs inside `npm start` by default, or alone with `npm run worker` (on a
 * PostgreSQL server, several workers can run; each job must be safe for that).
 * A failing job is logged and retried on its next tick; it never stops the others.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { deleteStaleAddressFailures, deleteStaleSignInCounts } from '../auth/sign-in-guard.repo.ts';
import { deleteExpiredSessions } from '../http/session.ts';
import { deliverWithConfiguredTransport } from '../mail/mail.delivery.ts';
import { deliverDuePushes } from '../push/push.delivery.ts';
import { pollConfiguredBounceMailbox } from '../mail/bounce.mailbox.ts';
import { trapNewlyLoanableIssues } from '../circulation/circulation.jobs.ts';
import { log } from '../ops/log.ts';
import { runQueuedImports } from '../imports/import-job.ts';
import { libraryDate } from '../time.ts';
import { dailyJobs } from './daily-jobs.ts';
import { runOncePerDay } from './job-runs.repo.ts';

export interface WorkerDeps {
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
}

export interface Job {
  name: string;
  intervalMs: number;
  /** Runs every few seconds: its finished runs log at debug, or the log would be mostly this job. */
  frequent?: boolean;
  run(deps: WorkerDeps): Promise<void>;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Jobs every worker runs; features add theirs here. */
export function standardJobs(): Job[] {
  return [
    {
      name: 'expired-sessions',
      intervalMs: 5 * 60_000,
      run: async ({ db, clock, config }) => {
        await deleteExpiredSessions(db, clock.now(), config.rules.session.idleMinutes);
      },
    },
    {
      name: 'stale-sign-in-throttles',
      intervalMs: 15 * 60_000,
      run: async ({ db, clock, config }) => {
        await deleteStaleAddressFailures(db, clock.now(), config.rules.addressThrottle);
        await deleteStaleSignInCounts(db, clock.now());
      },
    },
    {
      // Hourly, so each day's jobs run soon after midnight at the library; runOncePerDay keeps each to once a day.
      name: 'daily-jobs',
      intervalMs: 60 * 60_000,
      run: runDailyJobs,
    },
    {
      // A newer magazine issue may come from a command-line import; the admin upload traps at once.
      name: 'back-issue-trapping',
      intervalMs: 10 * 60_000,
      run: async ({ db, clock, config }) => {
        await trapNewlyLoanableIssues(db, config, clock.now());
      },
    },
    {
      // Often, since the librarian who uploaded a file is watching its page.
      name: 'imports',
      intervalMs: 3_000,
      frequent: true,
      run: runQueuedImports,
    },
    {
      // Every few minutes: a bounce should flag an address before the next hold notice is mailed to it.
      name: 'bounce-mailbox',
      intervalMs: 5 * 60_000,
      run: pollConfiguredBounceMailbox,
    },
    {
      // Often, since a queued mail waits for this tick: a hold notice or a
      // confirmation link should arrive while the patron is still looking.
      name: 'mail-delivery',
      intervalMs: 5_000,
      frequent: true,
      run: async (deps) => {
        await deliverWithConfiguredTransport(deps);
      },
    },
    {
      // As often as mail: a hold-ready notice on the phone is the point of subscribing.
      name: 'push-delivery',
      intervalMs: 5_000,
      frequent: true,
      run: async (deps) => {
        await deliverDuePushes(deps);
      },
    },
  ];
}

/** Each daily job not yet run on the library's date; one failing is logged and leaves the others to run. */
async function runDailyJobs({ db, config, clock }: WorkerDeps): Promise<void> {
  const now = clock.now();
  const today = libraryDate(now, config.rules.timeZone);
  for (const job of dailyJobs()) {
    try {
      const summary = await runOncePerDay(db, job.name, today, () => job.run({ db, config, now, today }));
      if (summary !== null) log.info({ job: job.name, day: today, summary }, 'daily job finished');
    } catch (error) {
      log.error({ job: job.name, day: today, err: error }, 'daily job failed');
    }
  }
}

export function startWorker(deps: WorkerDeps, jobs: Job[] = standardJobs()): RunningWorker {
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const running = new Set<Promise<void>>();

  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const started = performance.now();
      const duration = () => Math.round(performance.now() - started);
      const run = job
        .run(deps)
        .then(() => log[job.frequent ? 'debug' : 'info']({ job: job.name, duration_ms: duration() }, 'job finished'))
        .catch((error: unknown) => log.error({ job: job.name, duration_ms: duration(), err: error }, 'job failed'))
        .finally(() => {
          running.delete(run);
          schedule(job, job.intervalMs);
        });
      running.add(run);
    }, delay);
    timers.add(timer);
  };
  for (const job of jobs) schedule(job, 0);

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
