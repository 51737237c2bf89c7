/**
 * The calendar's admin page over HTTP on both databases: a closure over
 * several days moves the due dates and pickup deadlines inside it (the page
 * says how many, the patron's account shows the new dates, a mail tells
 * those who chose mail), removing it shortens nothing, and explicit open
 * days are kept, listed and removed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import type { CalendarDate } from '../../src/db/schema.ts';
import { formatCalendarDate } from '../../src/i18n/format.ts';
import { mailContentOf, renderMail } from '../../src/mail/mail.templates.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

describe.each(databaseKinds)('library calendar admin on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestClient;

  beforeEach(async () => {
    // Today is Tuesday 2026-12-01; Mondays and holidays are closed.
    ctx = await createTestContext(kind);
    const staff = await ctx.db
      .insertInto('staff')
      .values({ username: 'admin1', role: 'admin', password_hash: await hashPassword('admin-pass-2026') })
      .returning('id')
      .executeTakeFirstOrThrow();
    admin = new TestClient(ctx.app);
    await signInDirectly(ctx, admin, { staffId: staff.id });
    await admin.page('/staff/admin/calendar');
  });
  afterEach(async () => {
    await ctx.close();
  });

  const mailPatron = { email: 'hanako@example.jp', email_confirmed_at: new Date('2026-11-01T00:00:00Z') };

  async function loan(patronId: number, due: CalendarDate, title = '坊っちゃん', returned = false): Promise<number> {
    const copyId = await addCopy(ctx.db, await addRecord(ctx.db, { title }));
    return addLoan(ctx.db, {
      copy_id: copyId,
      patron_id: patronId,
      checked_out_at: ctx.clock.now(),
      due_date: due,
      returned_at: returned ? ctx.clock.now() : null,
    });
  }

  async function readyHold(patronId: number, deadline: CalendarDate, contact: 'email' | 'phone', title = 'こころ'): Promise<number> {
    const record = await addRecord(ctx.db, { title });
    return addHold(ctx.db, {
      patron_id: patronId,
      record_id: record,
      copy_id: await addCopy(ctx.db, record, { status: 'on_hold_shelf' }),
      status: 'ready',
      contact,
      ready_at: ctx.clock.now(),
      pickup_deadline: deadline,
    });
  }

  const dueDate = async (id: number) =>
    (await ctx.db.selectFrom('loans').select('due_date').where('id', '=', id).executeTakeFirstOrThrow()).due_date;
  const deadline = async (id: number) =>
    (await ctx.db.selectFrom('holds').select('pickup_deadline').where('id', '=', id).executeTakeFirstOrThrow()).pickup_deadline;

  it('a closure moves the dates inside it, tells the patrons, and its removal shortens nothing', async () => {
    const hanako = await addPatron(ctx.db, mailPatron);
    const taro = await addPatron(ctx.db);
    const quiet = await addPatron(ctx.db, { ...mailPatron, email: 'quiet@example.jp', notify_due_soon: false });
    const inside = await loan(hanako, '2026-12-15');
    const insideNoMail = await loan(taro, '2026-12-16');
    const insideNoNotices = await loan(quiet, '2026-12-17');
    const after = await loan(hanako, '2026-12-18', '三四郎');
    const returned = await loan(taro, '2026-12-15', '門', true);
    const holdByMail = await readyHold(hanako, '2026-12-16', 'email');
    const holdByPhone = await readyHold(taro, '2026-12-15', 'phone');

    const added = await admin.post('/staff/admin/calendar/closures', { from: '2026-12-15', to: '2026年12月17日', note: '蔵書点検' });
    expect(added.status).toBe(303);
    expect(added.headers.get('Location')).toBe('/staff/admin/calendar?done=added&loans=3&holds=2');
    const { html } = await admin.page(added.headers.get('Location')!);
    expect(html).toContain('返却期限 3件、取置期限 2件を次の開館日に延ばしました。');
    expect(html).toContain('蔵書点検');

    // Friday the 18th is the next open day; the returned loan and the date after the closure stay.
    expect(await Promise.all([inside, insideNoMail, insideNoNotices, after, returned].map(dueDate))).toEqual([
      '2026-12-18',
      '2026-12-18',
      '2026-12-18',
      '2026-12-18',
      '2026-12-15',
    ]);
    expect(await Promise.all([holdByMail, holdByPhone].map(deadline))).toEqual(['2026-12-18', '2026-12-18']);

    // One mail, to the patron who gets loan notices and holds by mail, naming both dates.
    const mails = await ctx.db.selectFrom('outbox').select(['to_address', 'template', 'data', 'locale']).execute();
    expect(mails.map((m) => [m.to_address, m.template])).toEqual([['hanako@example.jp', 'dates-moved']]);
    const text = renderMail(mailContentOf(mails[0]!.template, mails[0]!.data)!, mails[0]!.locale, ctx.config).text;
    expect(text).toContain(`・坊っちゃん（返却期限 ${formatCalendarDate('2026-12-18', 'ja')}）`);
    expect(text).toContain(`・こころ（取置期限 ${formatCalendarDate('2026-12-18', 'ja')}）`);

    // The patron sees the new dates on the account page.
    const patron = new TestClient(ctx.app);
    await signInDirectly(ctx, patron, { patronId: hanako });
    const account = await patron.page('/account');
    expect(account.html).toContain(formatCalendarDate('2026-12-18', 'ja'));
    expect(account.html).not.toContain(formatCalendarDate('2026-12-15', 'ja'));

    const removed = await admin.submit('/staff/admin/calendar/closures/2026-12-15/delete');
    expect(await removed.text()).toContain('臨時休館を取り消しました。すでに延ばした期限はそのままです。');
    expect(await dueDate(inside)).toBe('2026-12-18');
    expect(await deadline(holdByMail)).toBe('2026-12-18');
    expect(await ctx.db.selectFrom('library_closures').selectAll().execute()).toEqual([]);
    const actions = await ctx.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['calendar-closure-added', 'calendar-closure-removed']);
    expect(actions[0]!.details).toMatchObject({ from: '2026-12-15', to: '2026-12-17', note: '蔵書点検', moved: { loans: 3, holds: 2 } });
  });

  it('closing Tuesdays too moves the dates already given on a Tuesday; opening them again shortens nothing', async () => {
    const hanako = await addPatron(ctx.db, mailPatron);
    const onTuesday = await loan(hanako, '2026-12-08');
    const onWednesday = await loan(hanako, '2026-12-09', '三四郎');
    const holdOnTuesday = await readyHold(hanako, '2026-12-15', 'email');
    const saved = await admin.post('/staff/admin/calendar/weekly', { day: ['1', '2'] });
    expect(saved.headers.get('Location')).toBe('/staff/admin/calendar?done=weekly&loans=1&holds=1');
    expect(await Promise.all([onTuesday, onWednesday].map(dueDate))).toEqual(['2026-12-09', '2026-12-09']);
    expect(await deadline(holdOnTuesday)).toBe('2026-12-16');
    const mails = await ctx.db.selectFrom('outbox').select('template').execute();
    expect(mails).toEqual([{ template: 'dates-moved' }]);

    const reopened = await admin.post('/staff/admin/calendar/weekly', { day: '1' });
    expect(reopened.headers.get('Location')).toBe('/staff/admin/calendar?done=weekly&loans=0&holds=0');
    expect(await dueDate(onTuesday)).toBe('2026-12-09');
    const audits = await ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'calendar-weekly').orderBy('id').execute();
    expect(audits.map((a) => a.details)).toEqual([
      { days: [1, 2], moved: { loans: 1, holds: 1, stops: 0 } },
      { days: [1], moved: { loans: 0, holds: 0, stops: 0 } },
    ]);
  });

  it('a closure that moves nothing says so, and a new loan is due after it', async () => {
    const added = await admin.submit('/staff/admin/calendar/closures', { from: '2026-12-14', to: '2026-12-16', note: '' });
    expect(await added.text()).toContain('返却期限 0件、取置期限 0件');
    const patronId = await addPatron(ctx.db);
    const { card_number } = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow();
    const copyId = await addCopy(ctx.db, await addRecord(ctx.db));
    const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
    await admin.page('/staff/checkout');
    await admin.post('/staff/checkout', { card_number, barcode });
    // Lent Tuesday 12-01 for 14 days: 12-15 is inside the closure, 12-17 is the first open day.
    expect(await ctx.db.selectFrom('loans').select('due_date').execute()).toEqual([{ due_date: '2026-12-17' }]);
  });

  it('refuses a bad closure with the field named and saves nothing', async () => {
    const backwards = await admin.post('/staff/admin/calendar/closures', { from: '2026-12-20', to: '2026-12-19', note: '' });
    expect(backwards.status).toBe(422);
    expect(await backwards.text()).toContain('最終日は初日と同じ日か、それより後にしてください。');
    const tooLong = await admin.post('/staff/admin/calendar/closures', { from: '2026-12-20', to: '2027-12-19', note: '' });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain('1回に登録できる休館は183日までです。');
    const english = await admin.post(
      '/staff/admin/calendar/closures',
      { from: '', to: '', note: '' },
      { headers: { 'Accept-Language': 'en' } },
    );
    expect(english.status).toBe(422);
    expect(await english.text()).toContain('Enter a date, for example 2026-12-29.');
    expect(await ctx.db.selectFrom('library_closures').selectAll().execute()).toEqual([]);
    expect(await ctx.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
  });

  it('an open day is listed and opens a weekly closed day; removing it moves what falls on it', async () => {
    const added = await admin.submit('/staff/admin/calendar/open-days', { open_date: '2026-12-21', open_note: '特別開館' });
    const page = await added.text();
    expect(page).toContain('特別開館日を追加しました。');
    expect(page).toContain('特別開館');
    // Monday the 21st is open now, so a due date may fall on it.
    const patronId = await addPatron(ctx.db, mailPatron);
    const onOpenDay = await loan(patronId, '2026-12-21');
    const removed = await admin.post('/staff/admin/calendar/open-days/2026-12-21/delete');
    expect(removed.headers.get('Location')).toBe('/staff/admin/calendar?done=openRemoved&loans=1&holds=0');
    expect(await dueDate(onOpenDay)).toBe('2026-12-22');
    const again = await admin.post('/staff/admin/calendar/open-days/2026-12-21/delete');
    expect(again.headers.get('Location')).toBe('/staff/admin/calendar?done=openNotFound');
    const bad = await admin.post('/staff/admin/calendar/open-days', { open_date: '2026-02-30', open_note: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('その日付はありません');
  });

  it('an open day inside a closure keeps that day open when the closure is added', async () => {
    const patronId = await addPatron(ctx.db);
    const onOpenDay = await loan(patronId, '2026-12-16');
    const beforeIt = await loan(patronId, '2026-12-15', 'こころ');
    await admin.post('/staff/admin/calendar/open-days', { open_date: '2026-12-16', open_note: '' });
    const added = await admin.post('/staff/admin/calendar/closures', { from: '2026-12-15', to: '2026-12-17', note: '' });
    expect(added.headers.get('Location')).toBe('/staff/admin/calendar?done=added&loans=1&holds=0');
    expect([await dueDate(onOpenDay), await dueDate(beforeIt)]).toEqual(['2026-12-16', '2026-12-16']);
  });

  describe('a calendar per place', () => {
    async function lendAt(place: string): Promise<CalendarDate> {
      const patronId = await addPatron(ctx.db);
      const { card_number } = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow();
      const copyId = await addCopy(ctx.db, await addRecord(ctx.db), { home_place: place, current_place: place });
      const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
      await admin.page('/staff/checkout');
      await admin.post('/staff/checkout', { card_number, barcode });
      const row = await ctx.db.selectFrom('loans').select('due_date').where('copy_id', '=', copyId).executeTakeFirstOrThrow();
      return row.due_date;
    }

    it('a branch closed on Tuesdays: loans lent there and holds picked up there avoid its days, others do not', async () => {
      await admin.page('/staff/admin/calendar');
      const saved = await admin.submit('/staff/admin/calendar/weekly', { place: 'minami', day: '2' });
      const page = await saved.text();
      expect(page).toContain('南分館の毎週の休館日');
      expect(page).toMatch(/id="day-minami-2"[^>]*checked/);
      expect(page).not.toMatch(/id="follow-minami"[^>]*checked/);
      // Lent Tuesday 12-01 for 14 days: Tuesday 12-15 is a closed day at the branch only.
      expect(await lendAt('minami')).toBe('2026-12-16');
      expect(await lendAt('main')).toBe('2026-12-15');

      // A copy returned at the branch fills a hold picked up there: 7 days on is Tuesday 12-08, so Wednesday.
      const record = await addRecord(ctx.db);
      const copyId = await addCopy(ctx.db, record, { status: 'on_loan', home_place: 'minami', current_place: 'minami' });
      await addLoan(ctx.db, {
        copy_id: copyId,
        patron_id: await addPatron(ctx.db),
        checked_out_at: ctx.clock.now(),
        due_date: '2026-12-10',
      });
      const holdId = await addHold(ctx.db, {
        patron_id: await addPatron(ctx.db),
        record_id: record,
        pickup_place: 'minami',
        placed_at: ctx.clock.now(),
      });
      const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
      await admin.page('/staff/checkin');
      await admin.post('/staff/checkin', { barcode, place: 'minami' });
      expect(await deadline(holdId)).toBe('2026-12-09');

      // Following the library again: the row goes, and Tuesdays open at the branch.
      await admin.page('/staff/admin/calendar');
      await admin.post('/staff/admin/calendar/weekly', { place: 'minami', follow: '1', day: '2' });
      expect(await ctx.db.selectFrom('library_settings').select('key').where('key', 'like', 'weeklyClosedDays%').execute()).toEqual([]);
      expect(await lendAt('minami')).toBe('2026-12-15');
    });

    it('a closure at one place moves only the dates due there, and is removed there only', async () => {
      const patronId = await addPatron(ctx.db);
      const atBranch = await loan(patronId, '2026-12-17');
      await ctx.db.updateTable('loans').set({ checkout_place: 'minami' }).where('id', '=', atBranch).execute();
      const atMain = await loan(patronId, '2026-12-17', 'こころ');
      await ctx.db.updateTable('loans').set({ checkout_place: 'main' }).where('id', '=', atMain).execute();
      const holdAtBranch = await readyHold(patronId, '2026-12-18', 'phone');
      await ctx.db.updateTable('holds').set({ pickup_place: 'minami' }).where('id', '=', holdAtBranch).execute();
      const holdAtMain = await readyHold(patronId, '2026-12-18', 'phone', '三四郎');

      const added = await admin.post('/staff/admin/calendar/closures', {
        from: '2026-12-17',
        to: '2026-12-18',
        note: '点検',
        place: 'minami',
      });
      expect(added.headers.get('Location')).toBe('/staff/admin/calendar?done=added&loans=1&holds=1');
      expect([await dueDate(atBranch), await dueDate(atMain)]).toEqual(['2026-12-19', '2026-12-17']);
      expect([await deadline(holdAtBranch), await deadline(holdAtMain)]).toEqual(['2026-12-19', '2026-12-18']);
      const { html } = await admin.page('/staff/admin/calendar');
      expect(html).toContain('12月17日(木)からの休館（南分館）を取り消す');

      // The same day for the whole library is a closure of its own; removing the branch's leaves it.
      await admin.post('/staff/admin/calendar/closures', { from: '2026-12-17', to: '', note: '', place: '' });
      await admin.post('/staff/admin/calendar/closures/2026-12-17/delete', { place: 'minami' });
      expect(await ctx.db.selectFrom('library_closures').select(['closed_on', 'place']).execute()).toEqual([
        { closed_on: '2026-12-17', place: null },
      ]);
      const badPlace = await admin.post('/staff/admin/calendar/closures', { from: '2026-12-20', to: '', note: '', place: 'mars' });
      expect(badPlace.status).toBe(422);
      expect(await badPlace.text()).toContain('場所は一覧から選んでください。');
    });
  });
});
