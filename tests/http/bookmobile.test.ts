/**
 * The bookmobile timetable over HTTP on both databases: an admin sets a
 * station's pattern and lists exceptions (bad input refused with its field,
 * nothing saved; every change audit-logged); a CSV of exceptions is taken
 * whole or refused with line-numbered problems; a hold readied for a
 * station rides to the next stop, waits until that stop or the one-week
 * rule, and the patron's account, the ready mail and the desk's loading
 * list name the stop.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/admin/run-command.ts';
import { formatCalendarDate } from '../../src/i18n/format.ts';
import { mailContentOf, renderMail } from '../../src/mail/mail.templates.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { signedInStaff } from '../support/staff.ts';

const PAGE = '/staff/admin/calendar/bookmobile';

/** The admin cancels BM 北公民館前's stop of 17 December (a breakdown). */
const cancelKitaStop = (admin: TestClient) =>
  admin.post(`${PAGE}/changes`, {
    change_station: 'bm-kita',
    change_date: '2026-12-17',
    change_kind: 'cancelled',
    change_note: '車両故障',
  });

describe.each(databaseKinds)('bookmobile timetable on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestClient;

  beforeEach(async () => {
    // Today is Tuesday 2026-12-01; Mondays and holidays are closed.
    ctx = await createTestContext(kind);
    admin = (await signedInStaff(ctx, 'admin')).client;
    await admin.page(PAGE);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const pattern = { station: 'bm-kita', first_stop: '2026-12-03', every_weeks: '2', last_stop: '', arrives: '', departs: '' };
  const timetables = () => ctx.db.selectFrom('bookmobile_timetables').selectAll().execute();
  const changes = () =>
    ctx.db.selectFrom('bookmobile_stop_changes').select(['station', 'stop_on', 'kind', 'note']).orderBy('stop_on').execute();
  const actions = async () => (await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);

  describe('admin editing', () => {
    it('sets a pattern typed in full-width digits, lists it with its coming stops, and removes it', async () => {
      const saved = await admin.post(`${PAGE}/pattern`, {
        ...pattern,
        first_stop: '２０２６年１２月３日',
        arrives: '１０：００',
        departs: '10時45分',
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('Location')).toBe(`${PAGE}?done=pattern`);
      expect(await timetables()).toEqual([
        { station: 'bm-kita', first_stop_on: '2026-12-03', every_weeks: 2, last_stop_on: null, arrives_at: '10:00', departs_at: '10:45' },
      ]);
      const { html } = await admin.page(`${PAGE}?done=pattern`);
      expect(html).toContain('停車パターンを保存しました。');
      const fragment = await admin.get(PAGE, { 'HX-Request': 'true' });
      expect(fragment.status).toBe(200);
      expect(await fragment.text()).not.toContain('<!DOCTYPE html>');
      expect(html).toContain(`隔週木曜日（${formatCalendarDate('2026-12-03', 'ja')}から） 10:00～10:45`);
      expect(html).toContain('href="/staff/bookmobile?station=bm-kita&amp;date=2026-12-17"');
      // No closure is listed here, so New Year's Eve runs.
      expect(html).toContain('href="/staff/bookmobile?station=bm-kita&amp;date=2026-12-31"');

      const cleared = await admin.post(`${PAGE}/pattern/clear`, { station: 'bm-kita' });
      expect(cleared.headers.get('Location')).toBe(`${PAGE}?done=patternCleared`);
      expect(await timetables()).toEqual([]);
      const again = await admin.post(`${PAGE}/pattern/clear`, { station: 'bm-kita' });
      expect(again.headers.get('Location')).toBe(`${PAGE}?done=patternNotFound`);
      expect(await actions()).toEqual(['bookmobile-pattern-set', 'bookmobile-pattern-cleared']);
    });

    it('refuses a pattern for a place that is not a station, or with dates or times out of order, and saves nothing', async () => {
      const notStation = await admin.post(`${PAGE}/pattern`, { ...pattern, station: 'main' });
      expect(notStation.status).toBe(422);
      expect(await notStation.text()).toContain('移動図書館のステーションを選んでください。');
      const backwards = await admin.post(`${PAGE}/pattern`, { ...pattern, last_stop: '2026-11-30' });
      expect(await backwards.text()).toContain('最後の停車日は最初の停車日以降にしてください。');
      const times = await admin.post(`${PAGE}/pattern`, { ...pattern, arrives: '11:00', departs: '10:30' });
      expect(times.status).toBe(422);
      expect(await times.text()).toContain('出発時刻は到着時刻より後にしてください。');
      const halfTime = await admin.post(`${PAGE}/pattern`, { ...pattern, arrives: '10:00' });
      expect(await halfTime.text()).toContain('時刻は 10:00 の形で入力してください');
      const every = await admin.post(`${PAGE}/pattern`, { ...pattern, every_weeks: '3' });
      expect(await every.text()).toContain('毎週か隔週を選んでください。');
      const noToken = await admin.post(`${PAGE}/pattern`, pattern, { csrf: false });
      expect(noToken.status).toBe(403);
      expect(await timetables()).toEqual([]);
      expect(await actions()).toEqual([]);
    });

    it('lists a cancelled and an extra stop, shows them among the coming stops, and removes one', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      const cancelled = await admin.post(`${PAGE}/changes`, {
        change_station: 'bm-kita',
        change_date: '2026-12-17',
        change_kind: 'cancelled',
        change_note: '車両点検',
      });
      expect(cancelled.headers.get('Location')).toBe(`${PAGE}?done=change`);
      await admin.post(`${PAGE}/changes`, { change_station: 'bm-kita', change_date: '2026-12-19', change_kind: 'extra', change_note: '' });
      expect(await changes()).toEqual([
        { station: 'bm-kita', stop_on: '2026-12-17', kind: 'cancelled', note: '車両点検' },
        { station: 'bm-kita', stop_on: '2026-12-19', kind: 'extra', note: '' },
      ]);
      const { html } = await admin.page(PAGE);
      expect(html).toContain('運休</td><td data-label="メモ">車両点検');
      expect(html).toContain('href="/staff/bookmobile?station=bm-kita&amp;date=2026-12-19"');
      expect(html).not.toContain('href="/staff/bookmobile?station=bm-kita&amp;date=2026-12-17"');

      const bad = await admin.post(`${PAGE}/changes`, {
        change_station: 'bm-kita',
        change_date: '2030-01-01',
        change_kind: 'moved',
        change_note: '',
      });
      expect(bad.status).toBe(422);
      const text = await bad.text();
      expect(text).toContain('日付は1年前から2年後までの範囲で入力してください。');
      expect(text).toContain('臨時停車か運休を選んでください。');

      const removed = await admin.post(`${PAGE}/changes/bm-kita/2026-12-17/delete`);
      expect(removed.headers.get('Location')).toBe(`${PAGE}?done=changeRemoved`);
      const missing = await admin.post(`${PAGE}/changes/bm-kita/2026-02-30/delete`);
      expect(missing.headers.get('Location')).toBe(`${PAGE}?done=changeNotFound`);
      expect((await changes()).map((c) => c.stop_on)).toEqual(['2026-12-19']);
      expect(await actions()).toEqual([
        'bookmobile-pattern-set',
        'bookmobile-stop-listed',
        'bookmobile-stop-listed',
        'bookmobile-stop-removed',
      ]);
    });

    it('the guide states each station’s timetable and next stops from the same data, and no station without one', async () => {
      expect((await new TestClient(ctx.app).page('/guide')).html).not.toContain('移動図書館の停車日');
      await admin.post(`${PAGE}/pattern`, { ...pattern, arrives: '10:00', departs: '10:45' });
      await admin.post(`${PAGE}/changes`, {
        change_station: 'bm-kita',
        change_date: '2026-12-17',
        change_kind: 'cancelled',
        change_note: '',
      });
      const { html } = await new TestClient(ctx.app).page('/guide');
      const dates = ['2026-12-03', '2026-12-31', '2027-01-14'].map((d) => formatCalendarDate(d, 'ja')).join('、');
      expect(html).toContain(
        `BM 北公民館前: 隔週木曜日（${formatCalendarDate('2026-12-03', 'ja')}から） 10:00～10:45 （次の停車日: ${dates}）`,
      );
      expect(html).not.toContain('BM さくら台団地:');
    });

    it('is for admins only', async () => {
      const desk = (await signedInStaff(ctx, 'desk')).client;
      expect((await desk.get(PAGE)).status).toBe(403);
    });
  });

  describe('CSV import', () => {
    const upload = (file: Blob | string, name = 'stops.csv') => {
      const form = new FormData();
      form.set('_csrf', admin.csrfToken!);
      form.set('file', typeof file === 'string' ? file : new File([file], name, { type: 'text/csv' }));
      return ctx.app.request(`http://localhost${PAGE}/import`, {
        method: 'POST',
        body: form,
        headers: { Origin: 'http://localhost', Cookie: `session=${admin.cookie('session')}` },
      });
    };
    const csv = (text: string) => new Blob([text]);

    it('takes a whole file (BOM, full-width digits, 停車/運休) and says how many', async () => {
      const response = await upload(
        csv('\uFEFFstation,date,kind,note\nbm-kita,２０２６-１２-１０,cancel,年末点検\nBM-SAKURA,2026/12/12,停車,団地まつり\n'),
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`${PAGE}?done=imported&count=2`);
      expect(await changes()).toEqual([
        { station: 'bm-kita', stop_on: '2026-12-10', kind: 'cancelled', note: '年末点検' },
        { station: 'bm-sakura', stop_on: '2026-12-12', kind: 'extra', note: '団地まつり' },
      ]);
      expect((await admin.page(`${PAGE}?done=imported&count=2`)).html).toContain('CSV から 2 件を登録しました。');
      expect(await actions()).toEqual(['bookmobile-stops-imported']);
    });

    it('refuses a file with any bad line, naming each line, and saves none of it', async () => {
      const response = await upload(
        csv(
          'station,date,kind,note\nbm-kita,2026-12-10,cancel,\nmain,2026-12-11,stop,\nbm-kita,2026-13-01,stop,\nbm-kita,2026-12-10,stop,\nbm-kita,2026-12-24,moved,\nbm-kita,2026-12-31\n',
        ),
      );
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('3行目: 「main」は移動図書館のステーションのコードではありません。');
      expect(html).toContain('4行目: 「2026-13-01」は日付として読めません');
      expect(html).toContain('5行目: 同じステーションと日付が 2行目にもあります。');
      expect(html).toContain('6行目: 種類「moved」は stop（臨時停車）か cancel（運休）にしてください。');
      expect(html).toContain('7行目: 列の数が 2 です（見出しは 4 列）。');
      expect(await changes()).toEqual([]);
      expect(await actions()).toEqual([]);
    });

    it('refuses no file, a text field, a file too large, undecodable bytes, a wrong header and broken CSV', async () => {
      const cases: [Blob | string, string][] = [
        [csv(''), 'CSV ファイルを選んでください。'],
        ['station,date,kind\nbm-kita,2026-12-10,cancel\n', 'CSV ファイルを選んでください。'],
        [csv(`station,date,kind,note\n${'bm-kita,2026-12-10,cancel,x\n'.repeat(1300)}`), 'ファイルが大きすぎます（32 KB まで）。'],
        [new Blob([new Uint8Array([0x73, 0x74, 0xff, 0xfe, 0x0a])]), 'ファイルを読めません。'],
        [csv('駅,日付\nbm-kita,2026-12-10\n'), '1行目に列名 station,date,kind,note が必要です'],
        [csv('station,date,kind,note\nbm-kita,"2026-12-10,cancel,x\n'), 'CSV の形式が正しくありません'],
        [csv('station,date,kind,note\n'), 'データの行がありません。'],
      ];
      for (const [file, message] of cases) {
        const response = await upload(file);
        expect(response.status).toBe(422);
        expect(await response.text()).toContain(message);
      }
      expect(await changes()).toEqual([]);
    });
  });

  describe('holds for a station', () => {
    const mailPatron = { email: 'hanako@example.jp', email_confirmed_at: new Date('2026-11-01T00:00:00Z') };

    /** A hold for `station` whose copy, at the central library, is checked in there and received at the station. */
    async function readyAt(station: string, title: string): Promise<{ holdId: number; barcode: string; patronId: number }> {
      const patronId = await addPatron(ctx.db, mailPatron);
      const record = await addRecord(ctx.db, { title });
      const copyId = await addCopy(ctx.db, record, { shelf_mark: '913.6／ナ', status: 'on_loan' });
      const holdId = await addHold(ctx.db, {
        patron_id: patronId,
        record_id: record,
        pickup_place: station,
        contact: 'email',
        placed_at: ctx.clock.now(),
      });
      const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
      const desk = (await signedInStaff(ctx, 'desk')).client;
      await desk.page('/staff/checkin');
      await desk.post('/staff/checkin', { barcode, place: 'main' });
      await desk.post('/staff/checkin', { barcode, place: station });
      return { holdId, barcode, patronId };
    }
    const hold = (id: number) =>
      ctx.db.selectFrom('holds').select(['status', 'pickup_deadline', 'pickup_stop_on']).where('id', '=', id).executeTakeFirstOrThrow();

    it('waits until the next stop when it is after the one-week rule; the account, the mail and the loading list name it', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      // Friday 4 December: the next stop is Thursday 17 December, after the one-week deadline (Friday 11th).
      ctx.clock.set('2026-12-04T14:00:00+09:00');
      const { holdId, barcode, patronId } = await readyAt('bm-kita', '銀河鉄道の夜');
      expect(await hold(holdId)).toEqual({ status: 'ready', pickup_deadline: '2026-12-17', pickup_stop_on: '2026-12-17' });

      const patron = new TestClient(ctx.app);
      await signInDirectly(ctx, patron, { patronId });
      const account = await patron.page('/account');
      expect(account.html).toContain(`次の停車日: ${formatCalendarDate('2026-12-17', 'ja')}`);
      expect((await patron.page('/account/holds')).html).toContain(`次の停車日: ${formatCalendarDate('2026-12-17', 'ja')}`);

      const mails = await ctx.db.selectFrom('outbox').select(['template', 'data']).where('template', '=', 'hold-ready').execute();
      expect(mails).toHaveLength(1);
      const content = mailContentOf(mails[0]!.template, mails[0]!.data)!;
      expect(content.data).toMatchObject({ stop: '2026-12-17', deadline: '2026-12-17' });
      const ja = renderMail(content, 'ja', ctx.config).text;
      expect(ja).toContain(`受取場所: BM 北公民館前\n次の停車日: ${formatCalendarDate('2026-12-17', 'ja')}`);
      expect(ja).toContain(`取置期限: ${formatCalendarDate('2026-12-17', 'ja')}`);
      expect(renderMail(content, 'en', ctx.config).text).toContain(`Next bookmobile stop: ${formatCalendarDate('2026-12-17', 'en')}`);

      // The desk's loading list: the next stop by default, the hold with its copy and card.
      const desk = (await signedInStaff(ctx, 'desk')).client;
      const list = await desk.page('/staff/bookmobile?station=bm-kita');
      expect(list.response.status).toBe(200);
      expect(list.html).toContain(`BM 北公民館前 ${formatCalendarDate('2026-12-17', 'ja')}`);
      expect(list.html).toContain('銀河鉄道の夜');
      expect(list.html).toContain(barcode);
      expect(list.html).toContain('913.6／ナ');
      const { card_number } = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow();
      expect(list.html).toContain(card_number);
      // Not on the stop before it was ready for, nor on a day past its deadline.
      expect((await desk.page('/staff/bookmobile?station=bm-kita&date=2026-12-03')).html).not.toContain('銀河鉄道の夜');
      const after = await desk.page('/staff/bookmobile?station=bm-kita&date=2026-12-31');
      expect(after.html).not.toContain('銀河鉄道の夜');
      const offDay = await desk.page('/staff/bookmobile?station=bm-kita&date=2026-12-16');
      expect(offDay.html).toContain('この日はこのステーションの停車日ではありません。');
      const badDate = await desk.page('/staff/bookmobile?station=bm-kita&date=not-a-date');
      expect(badDate.response.status).toBe(422);
      expect(badDate.html).toContain('日付は 2026-12-24 の形で入力してください。');
    });

    it('moves a ready hold to the next stop when its stop is cancelled, and the page says so', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      ctx.clock.set('2026-12-04T14:00:00+09:00');
      const { holdId } = await readyAt('bm-kita', '銀河鉄道の夜');
      // Three days on, the admin signs in again.
      admin = (await signedInStaff(ctx, 'admin')).client;
      await admin.page(PAGE);
      const cancelled = await cancelKitaStop(admin);
      expect(cancelled.headers.get('Location')).toBe(`${PAGE}?done=change&moved=1`);
      expect(await hold(holdId)).toEqual({ status: 'ready', pickup_deadline: '2026-12-31', pickup_stop_on: '2026-12-31' });
      expect((await admin.page(`${PAGE}?done=change&moved=1`)).html).toContain(
        '運休になった停車日にお届け予定だった予約 1 件を、次の停車日に移しました',
      );
      // Listing the stop again moves nothing back: the later dates stand.
      await admin.post(`${PAGE}/changes/bm-kita/2026-12-17/delete`);
      expect(await hold(holdId)).toEqual({ status: 'ready', pickup_deadline: '2026-12-31', pickup_stop_on: '2026-12-31' });
    });

    it('a closure on its stop day moves a ready hold on to the next stop', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      ctx.clock.set('2026-12-04T14:00:00+09:00');
      const { holdId } = await readyAt('bm-kita', '銀河鉄道の夜');
      admin = (await signedInStaff(ctx, 'admin')).client;
      await admin.page('/staff/admin/calendar');
      await admin.post('/staff/admin/calendar/closures', { from: '2026-12-16', to: '2026-12-18', note: '館内整理', place: '' });
      expect(await hold(holdId)).toEqual({ status: 'ready', pickup_deadline: '2026-12-31', pickup_stop_on: '2026-12-31' });
    });

    let patrons = 0;
    /** A ready hold for 「BM 北公民館前」 the patron was told rides to `stop`, waiting until `deadline`. */
    async function readyForStop(
      patron: { contact: 'email' | 'phone' | 'none'; email?: string; confirmed?: boolean },
      title: string,
      stop: string,
      deadline = stop,
    ): Promise<number> {
      const email = patron.email ?? `patron${(patrons += 1)}@example.jp`;
      const confirmed = patron.confirmed ?? true;
      const patronId = await addPatron(ctx.db, { email, email_confirmed_at: confirmed ? mailPatron.email_confirmed_at : null });
      const record = await addRecord(ctx.db, { title });
      return addHold(ctx.db, {
        patron_id: patronId,
        record_id: record,
        copy_id: await addCopy(ctx.db, record, { status: 'on_hold_shelf' }),
        pickup_place: 'bm-kita',
        status: 'ready',
        contact: patron.contact,
        ready_at: ctx.clock.now(),
        pickup_stop_on: stop,
        pickup_deadline: deadline,
      });
    }
    const movedMails = async () => {
      const rows = await ctx.db.selectFrom('outbox').select(['to_address', 'template', 'data', 'locale']).orderBy('id').execute();
      return rows.map((row) => ({ to: row.to_address, content: mailContentOf(row.template, row.data)!, locale: row.locale }));
    };

    it('a cancelled stop mails the new stop and deadline to the patrons who chose mail, and to no one else', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      const byMail = await readyForStop({ contact: 'email', email: 'hanako@example.jp' }, '銀河鉄道の夜', '2026-12-17');
      await readyForStop({ contact: 'phone' }, 'こころ', '2026-12-17');
      await readyForStop({ contact: 'none' }, '三四郎', '2026-12-17');
      await readyForStop({ contact: 'email', confirmed: false }, '門', '2026-12-17');
      const cancelled = await cancelKitaStop(admin);
      expect(cancelled.headers.get('Location')).toBe(`${PAGE}?done=change&moved=4`);
      expect(await hold(byMail)).toEqual({ status: 'ready', pickup_deadline: '2026-12-31', pickup_stop_on: '2026-12-31' });

      const mails = await movedMails();
      expect(mails.map((m) => [m.to, m.content.template])).toEqual([['hanako@example.jp', 'dates-moved']]);
      expect(mails[0]!.content.data).toEqual({
        items: [{ kind: 'pickup', title: '銀河鉄道の夜', date: '2026-12-31', stop: '2026-12-31' }],
      });
      const ja = renderMail(mails[0]!.content, 'ja', ctx.config).text;
      expect(ja).toContain('休館日または移動図書館の巡回日程が変わったため、次の日付を変更しました。');
      const day = formatCalendarDate('2026-12-31', 'ja');
      expect(ja).toContain(`・銀河鉄道の夜（移動図書館の停車日 ${day}、取置期限 ${day}）`);
      const en = renderMail(mails[0]!.content, 'en', ctx.config).text;
      const enDay = formatCalendarDate('2026-12-31', 'en');
      expect(en).toContain(`- 銀河鉄道の夜 (bookmobile stop ${enDay}, pick up by ${enDay})`);
    });

    it('an imported cancellation mails the moved stop; a removed pattern keeps the later deadline and says no stop is planned', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      const stopOnly = await readyForStop({ contact: 'email', email: 'hanako@example.jp' }, '銀河鉄道の夜', '2026-12-03', '2026-12-08');
      const form = new FormData();
      form.set('_csrf', admin.csrfToken!);
      form.set('file', new File(['station,date,kind\nbm-kita,2026-12-03,cancel\n'], 'stops.csv', { type: 'text/csv' }));
      const imported = await ctx.app.request(`http://localhost${PAGE}/import`, {
        method: 'POST',
        body: form,
        headers: { Origin: 'http://localhost', Cookie: `session=${admin.cookie('session')}` },
      });
      expect(imported.headers.get('Location')).toBe(`${PAGE}?done=imported&count=1&moved=1`);
      // The stop moves to the 17th, and the deadline (the 8th) with it, so it still reaches a stop.
      expect(await hold(stopOnly)).toEqual({ status: 'ready', pickup_deadline: '2026-12-17', pickup_stop_on: '2026-12-17' });

      const cleared = await admin.post(`${PAGE}/pattern/clear`, { station: 'bm-kita' });
      expect(cleared.headers.get('Location')).toBe(`${PAGE}?done=patternCleared&moved=1`);
      expect(await hold(stopOnly)).toEqual({ status: 'ready', pickup_deadline: '2026-12-17', pickup_stop_on: null });
      const mails = await movedMails();
      expect(mails.map((m) => m.content.data)).toEqual([
        { items: [{ kind: 'pickup', title: '銀河鉄道の夜', date: '2026-12-17', stop: '2026-12-17' }] },
        { items: [{ kind: 'pickup', title: '銀河鉄道の夜', date: '2026-12-17', stop: null }] },
      ]);
      expect(renderMail(mails[1]!.content, 'ja', ctx.config).text).toContain(
        `・銀河鉄道の夜（移動図書館の停車予定はまだありません。取置期限 ${formatCalendarDate('2026-12-17', 'ja')}）`,
      );
    });

    it('a closure over a stop mails its moved stop with the other moved dates in one mail, and the calendar page counts it', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      const atStation = await readyForStop({ contact: 'email', email: 'hanako@example.jp' }, '銀河鉄道の夜', '2026-12-17');
      await readyForStop({ contact: 'phone' }, 'こころ', '2026-12-17');
      const hanako = (await ctx.db.selectFrom('holds').select('patron_id').where('id', '=', atStation).executeTakeFirstOrThrow()).patron_id;
      const record = await addRecord(ctx.db, { title: '坊っちゃん' });
      await addHold(ctx.db, {
        patron_id: hanako,
        record_id: record,
        copy_id: await addCopy(ctx.db, record, { status: 'on_hold_shelf' }),
        status: 'ready',
        contact: 'email',
        ready_at: ctx.clock.now(),
        pickup_deadline: '2026-12-16',
      });
      await admin.page('/staff/admin/calendar');
      const added = await admin.post('/staff/admin/calendar/closures', {
        from: '2026-12-16',
        to: '2026-12-18',
        note: '館内整理',
        place: '',
      });
      expect(added.headers.get('Location')).toBe('/staff/admin/calendar?done=added&loans=0&holds=1&stops=2');
      const { html } = await admin.page(added.headers.get('Location')!);
      expect(html).toContain('返却期限 0件、取置期限 1件を次の開館日に延ばしました。');
      expect(html).toContain('運休になった停車日にお届け予定だった予約 2 件を、次の停車日に移しました');

      const mails = await movedMails();
      expect(mails.map((m) => m.to)).toEqual(['hanako@example.jp']);
      expect(mails[0]!.content.data).toEqual({
        items: [
          { kind: 'pickup', title: '坊っちゃん', date: '2026-12-19' },
          { kind: 'pickup', title: '銀河鉄道の夜', date: '2026-12-31', stop: '2026-12-31' },
        ],
      });
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'calendar-closure-added')
        .executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ moved: { loans: 0, holds: 1, stops: 2 } });
    });

    it('the staff patron page names a ready hold’s stop beside its deadline', async () => {
      const holdId = await readyForStop({ contact: 'phone' }, '銀河鉄道の夜', '2026-12-03', '2026-12-08');
      const { patron_id } = await ctx.db.selectFrom('holds').select('patron_id').where('id', '=', holdId).executeTakeFirstOrThrow();
      const { card_number } = await ctx.db
        .selectFrom('patrons')
        .select('card_number')
        .where('id', '=', patron_id)
        .executeTakeFirstOrThrow();
      const desk = (await signedInStaff(ctx, 'desk')).client;
      const { html } = await desk.page(`/staff/patrons/${card_number}`);
      const [stop, deadline] = ['2026-12-03', '2026-12-08'].map((d) => formatCalendarDate(d, 'ja'));
      expect(html).toContain(`銀河鉄道の夜: 予約確保・BM 北公民館前・停車日 ${stop}・取置期限 ${deadline}`);
    });

    it('the import-bookmobile-stops command takes a whole CP932 file, moving and mailing as the page does, or nothing', async () => {
      await admin.post(`${PAGE}/pattern`, pattern);
      const byMail = await readyForStop({ contact: 'email', email: 'hanako@example.jp' }, '銀河鉄道の夜', '2026-12-17');
      const dir = await mkdtemp(path.join(tmpdir(), 'bm-stops-'));
      const write = async (name: string, bytes: Uint8Array | string) => {
        await writeFile(path.join(dir, name), bytes);
        return name;
      };
      const run = (args: string[]) =>
        runAdminCommand('import-bookmobile-stops', args, { database: ctx.database, config: ctx.config, clock: ctx.clock, cwd: dir });

      const bad = await run([await write('bad.csv', 'station,date,kind\nbm-kita,2026-12-17,cancel\nmain,2026-12-18,stop\n')]);
      expect(bad.exitCode).toBe(1);
      expect(bad.out).toEqual(['Line 3: “main” is not the code of a bookmobile station.']);
      expect(bad.err).toContain('bad.csv: nothing imported');
      expect(await changes()).toEqual([]);
      const sjis = iconv.encode('station,date,kind,note\r\nbm-kita,2026-12-17,運休,車両点検\r\n', 'cp932');
      const file = await write('stops.csv', sjis);
      const wrongEncoding = await run([file, '--encoding', 'utf8']);
      expect(wrongEncoding.exitCode).toBe(1);
      expect(wrongEncoding.err).toContain('not valid UTF-8');
      expect((await run(['missing.csv'])).err).toContain('missing.csv: cannot read the file');
      expect(await changes()).toEqual([]);

      const good = await run([file, '--encoding', 'cp932']);
      expect(good).toMatchObject({ exitCode: 0, out: ['imported 1 stop changes; moved 1 ready holds to a later stop'] });
      expect(await changes()).toEqual([{ station: 'bm-kita', stop_on: '2026-12-17', kind: 'cancelled', note: '車両点検' }]);
      expect(await hold(byMail)).toEqual({ status: 'ready', pickup_deadline: '2026-12-31', pickup_stop_on: '2026-12-31' });
      expect((await movedMails()).map((m) => [m.to, m.content.data])).toEqual([
        ['hanako@example.jp', { items: [{ kind: 'pickup', title: '銀河鉄道の夜', date: '2026-12-31', stop: '2026-12-31' }] }],
      ]);
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['staff_id', 'details'])
        .where('action', '=', 'bookmobile-stops-imported')
        .execute();
      expect(audit).toEqual([{ staff_id: null, details: { file: 'stops.csv', count: 1, movedHolds: 1 } }]);
      await rm(dir, { recursive: true });
    });

    it('keeps the one-week deadline when it is later than the stop, and a copy still in transit is on the list to load', async () => {
      await admin.post(`${PAGE}/pattern`, { ...pattern, every_weeks: '1' });
      const { holdId } = await readyAt('bm-kita', 'こころ');
      // Ready on Tuesday 1 December: the stop is Thursday 3rd, the one-week deadline Tuesday 8th.
      expect(await hold(holdId)).toEqual({ status: 'ready', pickup_deadline: '2026-12-08', pickup_stop_on: '2026-12-03' });

      const patronId = await addPatron(ctx.db);
      const record = await addRecord(ctx.db, { title: '三四郎' });
      await addHold(ctx.db, {
        patron_id: patronId,
        record_id: record,
        pickup_place: 'bm-kita',
        status: 'in_transit',
        copy_id: await addCopy(ctx.db, record, { status: 'in_transit' }),
        placed_at: ctx.clock.now(),
      });
      const desk = (await signedInStaff(ctx, 'desk')).client;
      const list = await desk.page('/staff/bookmobile?station=bm-kita&date=2026-12-03');
      expect(list.html).toMatch(/積み込む予約資料 \(1 点\)[\s\S]*こころ[\s\S]*輸送中（届いたら積み込む） \(1 点\)[\s\S]*三四郎/);
    });

    it('keeps today’s one-week rule at a station with no timetable, and names no stop', async () => {
      const { holdId, patronId } = await readyAt('bm-sakura', 'こころ');
      expect(await hold(holdId)).toEqual({ status: 'ready', pickup_deadline: '2026-12-08', pickup_stop_on: null });
      const patron = new TestClient(ctx.app);
      await signInDirectly(ctx, patron, { patronId });
      expect((await patron.page('/account')).html).not.toContain('次の停車日');
      const [mail] = await ctx.db.selectFrom('outbox').select(['template', 'data']).execute();
      expect(renderMail(mailContentOf(mail!.template, mail!.data)!, 'ja', ctx.config).text).not.toContain('次の停車日');
    });
  });
});
