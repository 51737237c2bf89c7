/**
 * Privacy of reading (SPEC §12) on PGlite and PostgreSQL: a return forgets
 * the patron while the statistics still add up, the opt-in reading record,
 * the retention job run as on later dates, and the patron-data and
 * delete-patron commands.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/admin/run-command.ts';
import { checkin, checkout, circulationContext } from '../../src/circulation/circulation.repo.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { queueMail } from '../../src/mail/mail.repo.ts';
import { patronHistory, setKeepReadingRecord } from '../../src/privacy/history.repo.ts';
import type { PatronData } from '../../src/privacy/patron-data.repo.ts';
import { applyRetention } from '../../src/privacy/retention.job.ts';
import { circulationStatistics } from '../../src/privacy/statistics.repo.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';
import { addFavourite } from '../../src/favourites/favourites.repo.ts';
import { MAX_FAVOURITES } from '../../src/favourites/favourites.rules.ts';
import { addAlert } from '../../src/alerts/alerts.repo.ts';
import { MAX_ALERTS } from '../../src/alerts/alerts.rules.ts';
import { resetFeed } from '../../src/calendar-feed/calendar-feed.repo.ts';

const config = testConfig();
const TODAY = '2026-12-01';

describe.each(databaseKinds)('privacy of reading on %s', (kind) => {
  let database: AppDatabase;
  let clock: TestClock;
  let staffId: number;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    clock = new TestClock(`${TODAY}T10:00:00+09:00`);
    const staff = await database.db
      .insertInto('staff')
      .values({ username: 'desk1', password_hash: 'x', role: 'desk' })
      .returning('id')
      .executeTakeFirstOrThrow();
    staffId = staff.id;
  });
  afterEach(() => database.close());

  const db = () => database.db;
  const ctx = () => circulationContext(db(), config, clock.now(), staffId);
  const command = (name: string, args: string[]) => runAdminCommand(name, args, { database, config, clock });
  const cardOf = async (id: number) =>
    (await db().selectFrom('patrons').select('card_number').where('id', '=', id).executeTakeFirstOrThrow()).card_number;
  const loan = (id: number) => db().selectFrom('loans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOfLoan = async (loanId: number) =>
    (await db().selectFrom('audit_log').selectAll().orderBy('id').execute()).filter((a) => a.details.loanId === loanId);

  /** A new book at the main library lent to the patron at the desk; the loan's id, the barcode and the title. */
  async function lend(patronId: number, title = `読んだ本 ${Math.random()}`) {
    const recordId = await addRecord(db(), { title });
    const copyId = await addCopy(db(), recordId);
    const barcode = (await db().selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow()).barcode;
    const outcome = await checkout(db(), await ctx(), { cardNumber: await cardOf(patronId), barcode });
    if (outcome.kind !== 'ok') throw new Error(`checkout refused: ${outcome.kind}`);
    return { loanId: outcome.loanId, barcode, title, recordId };
  }

  it('forgets the patron at checkin, in the loan and in its audit entries, and the statistics still add up', async () => {
    const patron = await addPatron(db());
    const lent = await lend(patron);
    expect((await auditOfLoan(lent.loanId)).map((a) => a.patron_id)).toEqual([patron]);
    clock.advanceDays(3);
    expect(await checkin(db(), await ctx(), { barcode: lent.barcode, place: 'minami' })).toMatchObject({ kind: 'ok', event: 'returned' });

    expect(await loan(lent.loanId)).toMatchObject({ patron_id: null, checkout_place: 'main', return_place: 'minami' });
    const entries = await auditOfLoan(lent.loanId);
    expect(entries.map((a) => [a.action, a.patron_id])).toEqual([
      ['checkout', null],
      ['checkin', null],
    ]);
    expect(await circulationStatistics(db(), { from: TODAY, to: '2026-12-31', timeZone: config.rules.timeZone })).toEqual([
      { day: TODAY, place: 'main', material: 'book', loans: 1, returns: 0, holdsPlaced: 0, holdsFulfilled: 0 },
      { day: '2026-12-04', place: 'minami', material: 'book', loans: 0, returns: 1, holdsPlaced: 0, holdsFulfilled: 0 },
    ]);
  });

  it('keeps a returned loan in the reading record only while the patron chose to, and off deletes it', async () => {
    const patron = await addPatron(db());
    await setKeepReadingRecord(db(), patron, true);
    const kept = await lend(patron, '坊っちゃん');
    await checkin(db(), await ctx(), { barcode: kept.barcode, place: 'main' });
    expect(await loan(kept.loanId)).toMatchObject({ patron_id: patron });
    // Staff read the audit log: the loan's entries forget the patron even when the record keeps it.
    expect((await auditOfLoan(kept.loanId)).every((a) => a.patron_id === null)).toBe(true);
    const history = await patronHistory(db(), patron, new Date(0));
    expect(history.keep).toBe(true);
    expect(history.readingRecord.map((e) => e.title)).toEqual(['坊っちゃん']);

    await setKeepReadingRecord(db(), patron, false);
    expect(await loan(kept.loanId)).toMatchObject({ patron_id: null });
    expect(await patronHistory(db(), patron, new Date(0))).toMatchObject({ keep: false, readingRecord: [] });
    const after = await lend(patron);
    await checkin(db(), await ctx(), { barcode: after.barcode, place: 'main' });
    expect(await loan(after.loanId)).toMatchObject({ patron_id: null });
  });

  it('applies the retention periods by the daily job run as on later dates, in an idempotent way', async () => {
    const patron = await addPatron(db(), { email: 'hanako@example.jp' });
    const recordId = await addRecord(db(), { title: '取消した予約' });
    const hold = await addHold(db(), {
      patron_id: patron,
      record_id: recordId,
      status: 'cancelled',
      closed_at: clock.now(),
      placed_at: clock.now(),
    });
    const mail = await queueMail(
      db(),
      {
        to: 'hanako@example.jp',
        patronId: patron,
        content: { template: 'hold-ready', data: { title: '取消した予約', place: 'main', deadline: TODAY } },
      },
      { now: clock.now(), mailFrom: config.mailFrom },
    );
    await db().updateTable('outbox').set({ status: 'sent', sent_at: clock.now() }).where('id', '=', mail.id).execute();
    const confirmation = await queueMail(
      db(),
      {
        to: 'hanako@example.jp',
        patronId: patron,
        content: { template: 'email-confirmation', data: { url: 'http://x/confirm?token=raw' } },
      },
      { now: clock.now(), mailFrom: config.mailFrom },
    );
    await db().updateTable('outbox').set({ status: 'failed' }).where('id', '=', confirmation.id).execute();
    await db()
      .insertInto('audit_log')
      .values({
        at: clock.now(),
        staff_id: staffId,
        action: 'test-mail',
        patron_id: patron,
        details: JSON.stringify({ to: 'hanako@example.jp' }),
      })
      .execute();
    // A loan returned before returns forgot their patron, as an old database holds it.
    const old = await lend(patron);
    await db().updateTable('loans').set({ returned_at: clock.now() }).where('id', '=', old.loanId).execute();
    await db().updateTable('audit_log').set({ patron_id: patron }).execute();

    const run = async (date: string) => {
      const result = await command('run-jobs', ['--date', date]);
      expect(result).toMatchObject({ exitCode: 0, err: '' });
      return result.out.find((line) => line.startsWith('retention'))!;
    };
    const holdPatron = async () =>
      (await db().selectFrom('holds').select('patron_id').where('id', '=', hold).executeTakeFirstOrThrow()).patron_id;
    const mails = () => db().selectFrom('outbox').select(['id', 'data']).orderBy('id').execute();
    const testMailEntry = () => db().selectFrom('audit_log').selectAll().where('action', '=', 'test-mail').executeTakeFirstOrThrow();

    expect(await run(TODAY)).toContain('returnedLoans 1, loanAuditEntries 1, finishedHolds 0');
    expect(await loan(old.loanId)).toMatchObject({ patron_id: null });
    expect(await holdPatron()).toBe(patron);
    expect(await mails()).toEqual([
      { id: mail.id, data: expect.any(Object) },
      { id: confirmation.id, data: {} },
    ]);
    expect(await run(TODAY)).toBe(
      'retention (2026-12-01): ' +
        'returnedLoans 0, loanAuditEntries 0, finishedHolds 0, reservationConfirmations 0, finishedMail 0, finishedPushes 0, oneTimeLinks 0, auditEntries 0, expiredLinks 0, mailFiles 0',
    );

    await run('2026-12-30');
    expect(await holdPatron()).toBe(patron);
    await run('2027-01-01');
    expect(await holdPatron()).toBeNull();
    expect(await mails()).toEqual([]);
    expect(await testMailEntry()).toMatchObject({ patron_id: patron, details: { to: 'hanako@example.jp' } });
    await run('2027-03-02');
    expect(await testMailEntry()).toMatchObject({ patron_id: null, details: {}, staff_id: staffId });
  });

  it('deletes the .eml files of delivered mail after the mail period when mail is kept in the data folder', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'library-mail-'));
    try {
      mkdirSync(path.join(dataDir, 'mail'));
      const file = (name: string) => path.join(dataDir, 'mail', name);
      writeFileSync(file('old.eml'), 'Subject: old');
      writeFileSync(file('new.eml'), 'Subject: new');
      const now = clock.now();
      utimesSync(file('old.eml'), new Date(now.getTime() - 31 * 86_400_000), new Date(now.getTime() - 31 * 86_400_000));
      utimesSync(file('new.eml'), now, now);
      expect(await applyRetention(db(), { ...config, dataDir }, now)).toMatchObject({ mailFiles: 1 });
      expect(readdirSync(path.join(dataDir, 'mail'))).toEqual(['new.eml']);
      expect(
        await applyRetention(db(), { ...config, dataDir, smtpUrl: 'smtp://127.0.0.1:2525' }, new Date(now.getTime() + 60 * 86_400_000)),
      ).toMatchObject({
        mailFiles: 0,
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('patron-data shows what is kept, without a returned loan of a patron who keeps no record', async () => {
    const patron = await addPatron(db(), { name: '開示 請求' });
    const returned = await lend(patron, '返した本');
    await checkin(db(), await ctx(), { barcode: returned.barcode, place: 'main' });
    const out = await lend(patron, '借りている本');
    const result = await command('patron-data', [await cardOf(patron)]);
    expect(result.exitCode).toBe(0);
    const data = JSON.parse(result.out.join('\n')) as PatronData;
    expect(data.profile).toMatchObject({ name: '開示 請求', keepsReadingRecord: false, notices: { dueSoon: true, overdue: true } });
    expect(data.previousCardNumbers).toEqual([]);
    expect(data.loansOut.map((l) => l.title)).toEqual(['借りている本']);
    expect(data.readingRecord).toEqual([]);
    expect(result.out.join('\n')).not.toContain('返した本');
    expect(data.auditEntries.map((a) => [a.action, a.details.loanId])).toEqual([['checkout', out.loanId]]);
    expect(await command('patron-data', ['09999999'])).toMatchObject({ exitCode: 1, err: expect.stringContaining('no patron') });
    expect(await command('patron-data', [])).toMatchObject({ exitCode: 1, err: expect.stringContaining('takes one card number') });
  });

  it('delete-patron is refused with a loan out, then erases the patron and leaves their past loans as statistics', async () => {
    const patron = await addPatron(db());
    const card = await cardOf(patron);
    const past = await lend(patron);
    await checkin(db(), await ctx(), { barcode: past.barcode, place: 'main' });
    const current = await lend(patron);
    const waiting = await addHold(db(), { patron_id: patron, record_id: await addRecord(db()), placed_at: clock.now() });

    const refused = await command('delete-patron', [card]);
    expect(refused).toMatchObject({ exitCode: 1, err: expect.stringContaining('on loan') });
    expect(await db().selectFrom('patrons').select('id').where('id', '=', patron).executeTakeFirst()).toBeDefined();

    await checkin(db(), await ctx(), { barcode: current.barcode, place: 'main' });
    const deleted = await command('delete-patron', [card]);
    expect(deleted).toMatchObject({ exitCode: 0, err: '' });
    expect(deleted.out[0]).toContain('1 active hold(s) cancelled');
    expect(await db().selectFrom('patrons').select('id').where('id', '=', patron).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('holds').select(['patron_id', 'status']).where('id', '=', waiting).executeTakeFirstOrThrow()).toEqual({
      patron_id: null,
      status: 'cancelled',
    });
    expect((await db().selectFrom('audit_log').select('patron_id').where('patron_id', 'is not', null).execute()).length).toBe(0);
    const statistics = await circulationStatistics(db(), { from: TODAY, to: TODAY, timeZone: config.rules.timeZone });
    expect(statistics).toEqual([{ day: TODAY, place: 'main', material: 'book', loans: 2, returns: 2, holdsPlaced: 1, holdsFulfilled: 0 }]);
    expect(await command('delete-patron', [card])).toMatchObject({ exitCode: 1, err: expect.stringContaining('no patron') });
  });

  it('patron-data lists favourites, new-arrival alerts and the calendar feed, and delete-patron removes them', async () => {
    const patron = await addPatron(db());
    const card = await cardOf(patron);
    const record = await addRecord(db(), { title: '今度読みたい本' });
    expect(await addFavourite(db(), patron, record, MAX_FAVOURITES, clock.now())).toEqual({ outcome: 'added', title: '今度読みたい本' });
    await addAlert(db(), patron, { query: '夏目漱石', material: 'book' }, MAX_ALERTS, clock.now());
    const token = await resetFeed(db(), patron, clock.now());
    const data = JSON.parse((await command('patron-data', [card])).out.join('\n')) as PatronData;
    expect(data.favourites.map((f) => f.title)).toEqual(['今度読みたい本']);
    expect(data.newArrivalAlerts).toMatchObject([{ query: '夏目漱石', material: 'book', lastMailedOn: null }]);
    expect(data.calendarFeed).toMatchObject({ showTitles: false });
    expect(JSON.stringify(data)).not.toContain(token);

    expect(await command('delete-patron', [card])).toMatchObject({ exitCode: 0 });
    for (const table of ['favourites', 'new_arrival_alerts', 'calendar_feeds'] as const) {
      expect(await db().selectFrom(table).select('patron_id').execute()).toEqual([]);
    }
  });
});
