/** The daily jobs: once a day in the worker, all at once by `run-jobs`, idempotent either way, on both databases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/admin/run-command.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { runOncePerDay } from '../../src/jobs/job-runs.repo.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';

describe.each(databaseKinds)('daily jobs on %s', (kind) => {
  let database: AppDatabase;
  const clock = new TestClock('2026-12-08T10:00:00+09:00');
  const config = testConfig();
  const run = (args: string[], overrides = {}) =>
    runAdminCommand('run-jobs', args, { database, config: { ...config, ...overrides }, clock });

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(() => database.close());

  /** A hold waiting on the shelf until `deadline`. */
  async function readyHold(deadline: string): Promise<number> {
    const record = await addRecord(database.db);
    const copy = await addCopy(database.db, record, { status: 'on_hold_shelf' });
    return addHold(database.db, {
      patron_id: await addPatron(database.db),
      record_id: record,
      status: 'ready',
      copy_id: copy,
      ready_at: new Date('2026-12-01T10:00:00+09:00'),
      pickup_deadline: deadline,
    });
  }
  /** The retention job's line when it had nothing to forget (its own tests are in privacy.test.ts). */
  const nothingToForget = (day: string) =>
    `retention (${day}): returnedLoans 0, loanAuditEntries 0, finishedHolds 0, reservationConfirmations 0, finishedMail 0, finishedPushes 0, oneTimeLinks 0, auditEntries 0, expiredLinks 0, mailFiles 0`;
  /** The need-by job's line (its own tests are in need-by.test.ts). */
  const needBy = (day: string, cancelled: number) =>
    `hold-need-by (${day}): holds cancelled past their need-by date: ${cancelled} (0 mail(s))`;
  const status = async (id: number) =>
    (await database.db.selectFrom('holds').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('run-jobs runs each job for today, and again changes nothing', async () => {
    const past = await readyHold('2026-12-07');
    const today = await readyHold('2026-12-08');
    const unneeded = await addHold(database.db, {
      patron_id: await addPatron(database.db),
      record_id: await addRecord(database.db),
      need_by: '2026-12-07',
    });
    expect(await run([])).toEqual({
      exitCode: 0,
      out: [
        'hold-shelf-expiry (2026-12-08): holds expired, not collected in time: 1',
        needBy('2026-12-08', 1),
        'reminders (2026-12-08): due-soon reminders: 0 mail(s), overdue notices: 0 mail(s)',
        'new-arrivals (2026-12-08): new-arrival alerts: 0 mail(s)',
        nothingToForget('2026-12-08'),
      ],
      err: '',
    });
    expect([await status(past), await status(today), await status(unneeded)]).toEqual(['expired', 'ready', 'cancelled']);
    expect((await run([])).out).toEqual([
      'hold-shelf-expiry (2026-12-08): holds expired, not collected in time: 0',
      needBy('2026-12-08', 0),
      'reminders (2026-12-08): due-soon reminders: 0 mail(s), overdue notices: 0 mail(s)',
      'new-arrivals (2026-12-08): new-arrival alerts: 0 mail(s)',
      nothingToForget('2026-12-08'),
    ]);
  });

  it('run-jobs --date runs the jobs as on that date, at the library', async () => {
    const hold = await readyHold('2026-12-10');
    expect((await run(['--date', '2026-12-10'])).out).toEqual([
      'hold-shelf-expiry (2026-12-10): holds expired, not collected in time: 0',
      needBy('2026-12-10', 0),
      'reminders (2026-12-10): due-soon reminders: 0 mail(s), overdue notices: 0 mail(s)',
      'new-arrivals (2026-12-10): new-arrival alerts: 0 mail(s)',
      nothingToForget('2026-12-10'),
    ]);
    expect((await run(['--date', '2026-12-11'])).out).toEqual([
      'hold-shelf-expiry (2026-12-11): holds expired, not collected in time: 1',
      needBy('2026-12-11', 0),
      'reminders (2026-12-11): due-soon reminders: 0 mail(s), overdue notices: 0 mail(s)',
      'new-arrivals (2026-12-11): new-arrival alerts: 0 mail(s)',
      nothingToForget('2026-12-11'),
    ]);
    expect(await status(hold)).toBe('expired');
  });

  it('refuses a bad --date, and --date at all in production, changing nothing', async () => {
    const hold = await readyHold('2026-12-01');
    for (const args of [
      ['--date'],
      ['--date', '2026-02-30'],
      ['--date', '２０２６-１２-２０'],
      ['2026-12-20'],
      ['--date', '2026-12-20', 'x'],
    ]) {
      const refused = await run(args);
      expect(refused.exitCode).toBe(1);
      expect(refused.err).toMatch(/^Error: run-jobs takes nothing or --date YYYY-MM-DD/);
    }
    const production = await run(['--date', '2026-12-20'], { production: true });
    expect(production).toMatchObject({ exitCode: 1, err: expect.stringContaining('refused with NODE_ENV=production') as string });
    expect(await status(hold)).toBe('ready');
  });

  it('runs a job once per library day; a failed run gives the day back', async () => {
    let runs = 0;
    const work = () => Promise.resolve(++runs);
    expect(await runOncePerDay(database.db, 'test-job', '2026-12-08', work)).toBe(1);
    expect(await runOncePerDay(database.db, 'test-job', '2026-12-08', work)).toBeNull();
    await expect(runOncePerDay(database.db, 'test-job', '2026-12-09', () => Promise.reject(new Error('mail server down')))).rejects.toThrow(
      'mail server down',
    );
    expect(await runOncePerDay(database.db, 'test-job', '2026-12-09', work)).toBe(2);
    const both = await Promise.all([
      runOncePerDay(database.db, 'test-job', '2026-12-10', work),
      runOncePerDay(database.db, 'test-job', '2026-12-10', work),
    ]);
    expect(both.filter((r) => r !== null)).toHaveLength(1);
  });

  it('answers an unknown command with the usage and exit code 2', async () => {
    const unknown = await runAdminCommand('run-job', [], { database, config, clock });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.err).toContain('Unknown command: run-job');
    expect(unknown.err).toContain('run-jobs [--date YYYY-MM-DD]');
    expect((await runAdminCommand('constructor', [], { database, config, clock })).exitCode).toBe(2);
  });
});
