/** `run-jobs [--date YYYY-MM-DD]`: the day's jobs now, as the worker would run them today (or on that date). */
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { isCalendarDate, libraryDate, libraryNoon } from '../time.ts';
import { dailyJobs } from './daily-jobs.ts';

export const runJobsCommand: AdminCommand = {
  usage: 'run-jobs [--date YYYY-MM-DD]   run the daily jobs now (hold expiry, reminders, retention …), or as on that date',
  besideServer: true,
  run: async ({ database, config, clock, args, io }) => {
    const now = jobsInstant(args, config.production, config.rules.timeZone, clock.now());
    const today = libraryDate(now, config.rules.timeZone);
    for (const job of dailyJobs()) {
      io.out(`${job.name} (${today}): ${await job.run({ db: database.db, config, now, today })}`);
    }
  },
};

/** Now, or noon at the library on the `--date` given: refused in production, where jobs run on the real day only. */
function jobsInstant(args: string[], production: boolean, timeZone: string, now: Date): Date {
  if (args.length === 0) return now;
  const [flag, date] = args;
  if (flag !== '--date' || args.length !== 2 || date === undefined || !isCalendarDate(date))
    throw new AdminRefusal('run-jobs takes nothing or --date YYYY-MM-DD: npm run admin -- run-jobs --date 2026-12-24');
  if (production) throw new AdminRefusal('run-jobs --date is refused with NODE_ENV=production: jobs run on the real day there');
  return libraryNoon(date, timeZone);
}
