/**
 * The staff side over HTTP: sign-in with lockout, roles, and a hold's whole
 * life at the desk (checkin → ready → notice by mail to a real SMTP
 * listener, by the call list, or none → checkout → expiry), transit and
 * receive, patron support, and the admin pages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { expireHoldsOncePerDay } from '../../src/circulation/circulation.jobs.ts';
import type { StaffRole } from '../../src/db/schema.ts';
import { deliverDueMails } from '../../src/mail/mail.delivery.ts';
import { smtpTransport } from '../../src/mail/mail.transport.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord, titleSearchText } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { signInCount } from '../support/sign-in-count.ts';
import { startSmtpSink } from '../support/smtp.ts';

describe.each(databaseKinds)('staff side on %s', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function addStaff(role: StaffRole, username = `${role}1`, password = 'desk-pass-2026'): Promise<number> {
    const row = await ctx.db
      .insertInto('staff')
      .values({ username, role, password_hash: await hashPassword(password) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function staffClient(role: StaffRole = 'desk'): Promise<TestClient> {
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { staffId: await addStaff(role) });
    return client;
  }

  /** A copy on loan to someone, and a hold on its record by a patron with these details. */
  async function heldLoan(patron: Parameters<typeof addPatron>[1], hold: { contact: 'email' | 'phone' | 'none'; pickup_place?: string }) {
    const record = await addRecord(ctx.db, { title: '坊っちゃん' });
    const copyId = await addCopy(ctx.db, record);
    await addLoan(ctx.db, { copy_id: copyId, patron_id: await addPatron(ctx.db), checked_out_at: ctx.clock.now(), due_date: '2026-12-15' });
    await ctx.db.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', copyId).execute();
    const patronId = await addPatron(ctx.db, patron);
    const holdId = await addHold(ctx.db, { patron_id: patronId, record_id: record, placed_at: ctx.clock.now(), ...hold });
    const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
    const { card_number: card } = await ctx.db
      .selectFrom('patrons')
      .select('card_number')
      .where('id', '=', patronId)
      .executeTakeFirstOrThrow();
    return { record, copyId, barcode, patronId, holdId, card };
  }

  const holdRow = (id: number) => ctx.db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  describe('sign-in and roles', () => {
    it('signs in with username and password, in a session of its own', async () => {
      await addStaff('desk', 'yamada');
      const client = new TestClient(ctx.app);
      await client.page('/staff/login');
      const response = await client.post('/staff/login?next=/staff/checkin', { username: 'ＹＡＭＡＤＡ', password: 'desk-pass-2026' });
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/staff/checkin');
      const sessions = await ctx.db.selectFrom('sessions').select(['staff_id', 'patron_id']).execute();
      expect(sessions).toEqual([{ staff_id: expect.any(Number), patron_id: null }]);
      expect((await client.get('/staff/checkin')).status).toBe(200);
    });

    it('refuses wrong passwords with a message and backs off after five', async () => {
      await addStaff('desk', 'sato');
      const client = new TestClient(ctx.app);
      await client.page('/staff/login');
      const empty = await client.post('/staff/login', { username: '', password: '' });
      expect(empty.status).toBe(422);
      expect(await empty.text()).toContain('職員IDを入力してください');
      for (let i = 0; i < 4; i++) {
        const wrong = await client.post('/staff/login', { username: 'sato', password: 'nope' });
        expect(wrong.status).toBe(422);
        expect(await wrong.text()).toContain('職員IDまたはパスワードが違います');
      }
      const locked = await client.post('/staff/login', { username: 'sato', password: 'nope' });
      expect(locked.status).toBe(429);
      expect(await locked.text()).toContain('このIDでは30秒ほどログインできません');
      const right = await client.post('/staff/login', { username: 'sato', password: 'desk-pass-2026' });
      expect(right.status).toBe(429);
      const long = await client.post('/staff/login', { username: 'x'.repeat(10_000), password: 'y'.repeat(10_000) });
      expect(long.status).toBe(422);
    });

    it('lets no one in when the right password arrives at the same time as 19 wrong ones', async () => {
      await addStaff('desk', 'sato');
      const client = new TestClient(ctx.app);
      await client.page('/staff/login');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          client.post('/staff/login', { username: 'sato', password: i === 19 ? 'desk-pass-2026' : 'nope' }),
        ),
      );
      expect(responses.map((r) => r.status).filter((status) => status !== 422 && status !== 429)).toEqual([]);
      expect(await ctx.db.selectFrom('sessions').select('staff_id').where('staff_id', 'is not', null).execute()).toEqual([]);
    });

    it('keeps patrons and visitors out of /staff and desks out of admin pages', async () => {
      const visitor = new TestClient(ctx.app);
      const away = await visitor.get('/staff/checkout');
      expect(away.status).toBe(303);
      expect(away.headers.get('Location')).toBe('/staff/login?next=%2Fstaff%2Fcheckout');
      const patron = new TestClient(ctx.app);
      await signInDirectly(ctx, patron, { patronId: await addPatron(ctx.db) });
      expect((await patron.get('/staff/calls')).status).toBe(303);
      expect((await patron.get('/staff/admin/calendar')).status).toBe(303);
      const desk = await staffClient('desk');
      expect((await desk.get('/staff/holds/shelf')).status).toBe(200);
      expect((await desk.get('/staff/admin/calendar')).status).toBe(403);
      expect((await desk.get('/staff/admin/import')).status).toBe(403);
      const admin = await staffClient('admin');
      expect((await admin.get('/staff/admin/calendar')).status).toBe(200);
    });

    it('tells a desk account on an admin page that the admin role is needed, not that the page expired', async () => {
      const desk = await staffClient('desk');
      for (const answer of [
        await desk.get('/staff/admin/staff'),
        await desk.post('/staff/admin/calendar/closures', { from: '2026-12-01' }),
      ]) {
        expect(answer.status).toBe(403);
        const page = await answer.text();
        expect(page).toContain('この画面を開く権限がありません');
        expect(page).toContain('管理者（admin）の権限');
        expect(page).not.toContain('ページの有効期限が切れたか');
      }
    });

    it('lets no browser keep a staff page, and clears the cache at staff logout', async () => {
      const desk = await staffClient('admin');
      for (const path of ['/staff', '/staff/checkout', '/staff/calls', '/staff/holds/shelf', '/staff/admin/staff', '/staff/login']) {
        expect((await desk.get(path)).headers.get('Cache-Control'), path).toBe('no-store');
      }
      const patronId = await addPatron(ctx.db);
      const card = (await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow())
        .card_number;
      expect((await desk.get(`/staff/patrons/${card}`)).headers.get('Cache-Control')).toBe('no-store');
      const logout = await desk.post('/staff/logout', {});
      expect(logout.status).toBe(303);
      expect(logout.headers.get('Clear-Site-Data')).toBe('"cache"');
      expect((await desk.get(`/staff/patrons/${card}`)).headers.get('Cache-Control')).toBe('no-store');
    });
  });

  describe('a hold through the desk', () => {
    it('e-mail hold: checkin → 取置棚へ, the mail reaches a real SMTP server, checkout fulfils it', async () => {
      const h = await heldLoan({ email: 'hanako@example.jp', email_confirmed_at: ctx.clock.now() }, { contact: 'email' });
      const desk = await staffClient();
      await desk.page('/staff/checkin');
      // A scanner in a Japanese input mode types full-width characters.
      const checkin = await desk.post('/staff/checkin', {
        barcode: h.barcode.replace(/[0-9A-Z]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
        place: 'main',
      });
      expect(checkin.status).toBe(200);
      const page = await checkin.text();
      expect(page).toContain(`取置棚へ（予約: カード番号末尾${h.card.slice(-4)}・中央図書館）`);
      expect(page).toContain('autofocus');
      expect(await holdRow(h.holdId)).toMatchObject({ status: 'ready', pickup_deadline: '2026-12-08' });

      const sink = await startSmtpSink();
      const transport = smtpTransport(sink.url);
      try {
        expect(await deliverDueMails({ db: ctx.db, clock: ctx.clock, transport, settings: ctx.config })).toMatchObject({ sent: 1 });
        await sink.waitForMails(1);
        const [mail] = sink.received;
        expect(mail?.subject).toBe('予約資料のご用意ができました');
        expect(mail?.to).toMatchObject({ text: 'hanako@example.jp' });
        expect(mail?.text).toContain('坊っちゃん');
        expect(mail?.text).toContain('中央図書館');
      } finally {
        transport.close();
        await sink.stop();
      }

      await desk.page('/staff/checkout');
      const found = await desk.post('/staff/checkout', { card_number: h.card });
      expect(await found.text()).toContain('坊っちゃん');
      const lent = await desk.post('/staff/checkout', { card_number: h.card, barcode: h.barcode });
      expect(lent.status).toBe(200);
      expect(await lent.text()).toContain('この利用者の予約を貸出済にしました');
      expect((await holdRow(h.holdId)).status).toBe('fulfilled');
      const actions = await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['checkin', 'checkout']);
    });

    it('phone hold: on the call list until marked called; 連絡不要: nothing sent, not listed', async () => {
      const phone = await heldLoan({ name: '電話 太郎', phone: '0312345678' }, { contact: 'phone' });
      const none = await heldLoan({ name: '不要 花子' }, { contact: 'none' });
      const desk = await staffClient();
      await desk.page('/staff/checkin');
      await desk.post('/staff/checkin', { barcode: phone.barcode, place: 'main' });
      await desk.post('/staff/checkin', { barcode: none.barcode, place: 'main' });
      expect(await ctx.db.selectFrom('outbox').select('id').execute()).toHaveLength(0);
      const { html } = await desk.page('/staff/calls');
      expect(html).toContain('電話 太郎');
      expect(html).toContain('0312345678');
      expect(html).not.toContain('不要 花子');
      const called = await desk.post(`/staff/calls/${phone.holdId}`);
      expect(called.headers.get('Location')).toBe('/staff/calls?done=called');
      expect((await holdRow(phone.holdId)).notified_at).toEqual(ctx.clock.now());
      expect((await desk.post(`/staff/calls/${phone.holdId}`)).headers.get('Location')).toBe('/staff/calls?done=alreadyCalled');
      expect((await desk.page('/staff/calls')).html).not.toContain('電話 太郎');
      const shelf = (await desk.page('/staff/holds/shelf')).html;
      expect(shelf).toContain(phone.barcode);
      expect(shelf).toContain(none.barcode);
    });

    it('another pickup place: 移送 to the bookmobile, received there, expired after the deadline', async () => {
      const h = await heldLoan({}, { contact: 'none', pickup_place: 'bm-kita' });
      const desk = await staffClient();
      await desk.page('/staff/checkin');
      const sent = await desk.post('/staff/checkin', { barcode: h.barcode, place: 'main' });
      expect(await sent.text()).toContain('移送: BM 北公民館前へ');
      expect((await holdRow(h.holdId)).status).toBe('in_transit');
      const lendInTransit = await desk.post('/staff/checkout', { card_number: h.card, barcode: h.barcode });
      expect(lendInTransit.status).toBe(422);
      expect(await lendInTransit.text()).toContain('移送中です');
      const received = await desk.post('/staff/checkin/receive', { barcode: h.barcode, place: 'bm-kita' });
      expect(received.status).toBe(200);
      const receivedHtml = await received.text();
      expect(receivedHtml).toContain('取置棚へ');
      // What happened is the arrival, not a return that found no loan.
      expect(receivedHtml).toContain('を受け取りました。');
      expect(receivedHtml).not.toContain('貸出中ではありませんでした');
      expect(await holdRow(h.holdId)).toMatchObject({ status: 'ready', pickup_deadline: '2026-12-08' });
      ctx.clock.set('2026-12-09T06:00:00+09:00');
      // A week later: yesterday's session has timed out; the morning shift signs in.
      const morning = new TestClient(ctx.app);
      await signInDirectly(ctx, morning, { staffId: await addStaff('desk', 'morning') });
      const shelf = (await morning.page('/staff/holds/shelf')).html;
      expect(shelf).toContain('期限切れ');
      expect(await expireHoldsOncePerDay(ctx.db, ctx.config, ctx.clock.now())).toBe(1);
      expect(await holdRow(h.holdId)).toMatchObject({ status: 'expired', closed_reason: 'not_collected' });
      const copy = await ctx.db
        .selectFrom('copies')
        .select(['status', 'current_place'])
        .where('id', '=', h.copyId)
        .executeTakeFirstOrThrow();
      // Nobody else waits: the copy leaves the station for its home library.
      expect(copy).toEqual({ status: 'in_transit', current_place: 'bm-kita' });
    });

    it('a return at another place with nobody waiting: the desk is told to send it home, in both languages', async () => {
      const desk = await staffClient('desk');
      const copyId = await addCopy(ctx.db, await addRecord(ctx.db), { status: 'on_loan', home_place: 'main', current_place: 'main' });
      await addLoan(ctx.db, {
        copy_id: copyId,
        patron_id: await addPatron(ctx.db),
        checked_out_at: ctx.clock.now(),
        due_date: '2026-12-15',
      });
      const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
      await desk.page('/staff/checkin');
      const ja = await desk.submit('/staff/checkin', { barcode, place: 'minami' });
      expect(await ja.text()).toContain('移送: 所蔵館の中央図書館へ返送');
      const received = await desk.post('/staff/checkin/receive', { barcode, place: 'minami' }, { headers: { 'Accept-Language': 'en' } });
      expect(await received.text()).toContain('Transit: back to its home, Central Library');
    });

    it('bad input gets a message and changes nothing', async () => {
      const desk = await staffClient();
      await desk.page('/staff/checkin');
      const long = await desk.post('/staff/checkin', { barcode: '9'.repeat(10_000), place: 'main' });
      expect(long.status).toBe(422);
      expect(await long.text()).toContain('資料番号は半角英数字');
      const unknown = await desk.post('/staff/checkin', { barcode: 'ZZZ999', place: 'nowhere' });
      expect(unknown.status).toBe(422);
      expect(await unknown.text()).toContain('資料番号「ZZZ999」の資料はありません');
      const card = await desk.post('/staff/checkout', { card_number: '１２３' });
      expect(card.status).toBe(422);
      expect(await card.text()).toContain('利用カードの番号は0から始まる8桁の数字です。');
      const nobody = await desk.post('/staff/checkout', { card_number: '０９９９－９９９９' });
      expect(await nobody.text()).toContain('この番号の利用者は登録されていません');
      const arrays = await desk.post('/staff/checkout', { card_number: ['a', 'b'], barcode: ['c', 'd'] });
      expect(arrays.status).toBe(422);
      expect((await desk.post('/staff/calls/abc')).status).toBe(404);
      expect(await ctx.db.selectFrom('audit_log').select('id').execute()).toHaveLength(0);
    });

    it('a double-scanned checkout lends once and says so', async () => {
      const record = await addRecord(ctx.db, { title: '草枕' });
      const copyId = await addCopy(ctx.db, record);
      const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
      const patronId = await addPatron(ctx.db);
      const { card_number } = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow();
      const desk = await staffClient();
      await desk.page('/staff/checkout');
      const [first, second] = await Promise.all([
        desk.post('/staff/checkout', { card_number, barcode }),
        desk.post('/staff/checkout', { card_number, barcode }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 422]);
      expect(await ctx.db.selectFrom('loans').select('id').execute()).toHaveLength(1);
    });
  });

  describe('patron support', () => {
    it('shows the patron, unlocks, queues a test mail and cancels a hold, each audited', async () => {
      const h = await heldLoan(
        {
          name: '支援 次郎',
          email: 'jiro@example.jp',
          email_confirmed_at: ctx.clock.now(),
        },
        { contact: 'email' },
      );
      await ctx.db
        .insertInto('sign_in_counts')
        .values({
          realm: 'patron',
          name: h.card,
          failures: 5,
          locked_until: new Date(ctx.clock.now().getTime() + 3_600_000),
          last_attempt_at: ctx.clock.now(),
        })
        .execute();
      const desk = await staffClient();
      const lookup = await desk.get(
        `/staff/patrons?card=${encodeURIComponent(h.card.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)))}`,
      );
      expect(lookup.headers.get('Location')).toBe(`/staff/patrons/${h.card}`);
      const { html } = await desk.page(`/staff/patrons/${h.card}`);
      expect(html).toContain('支援 次郎');
      expect(html).toContain('ロック解除');
      expect(html).toContain('坊っちゃん');
      expect((await desk.post(`/staff/patrons/${h.card}/unlock`)).headers.get('Location')).toBe(`/staff/patrons/${h.card}?done=unlocked`);
      expect(await signInCount(ctx, h.card)).toEqual({ failures: 0, lockedUntil: null });
      await desk.post(`/staff/patrons/${h.card}/test-mail`);
      expect(await ctx.db.selectFrom('outbox').select(['template', 'to_address']).execute()).toEqual([
        { template: 'test', to_address: 'jiro@example.jp' },
      ]);
      await desk.post(`/staff/patrons/${h.card}/holds/${h.holdId}/cancel`);
      expect((await holdRow(h.holdId)).status).toBe('cancelled');
      const again = await desk.post(`/staff/patrons/${h.card}/holds/${h.holdId}/cancel`);
      expect(again.headers.get('Location')).toBe(`/staff/patrons/${h.card}?done=holdNotActive`);
      const actions = await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['patron-unlocked', 'test-mail', 'hold-cancelled']);
      expect((await desk.get('/staff/patrons/09999999')).status).toBe(404);
      expect((await desk.get('/staff/patrons?card=abc')).status).toBe(422);
    });
  });

  describe('counter hold', () => {
    it('places a hold marked as placed at the counter, once for a double submit, with the Web limits and rules', async () => {
      const h = await heldLoan({}, { contact: 'none' });
      const patronId = await addPatron(ctx.db);
      const { card_number: card } = await ctx.db
        .selectFrom('patrons')
        .select('card_number')
        .where('id', '=', patronId)
        .executeTakeFirstOrThrow();
      await ctx.db
        .updateTable('records')
        .set({ search_text: titleSearchText('坊っちゃん') })
        .where('id', '=', h.record)
        .execute();
      const desk = await staffClient();
      // The record is found by a search on the patron page; no internal id is typed.
      const { html } = await desk.page(`/staff/patrons/${card}?q=${encodeURIComponent('坊っちゃん')}`);
      expect(html).toContain(`name="record_id" value="${h.record}"`);
      const key = /name="key" value="([0-9a-f]{32})"/.exec(html)![1]!;
      const form = { record_id: String(h.record), pickup: 'bm-sakura', contact: 'phone', key };
      const [first, second] = await Promise.all([
        desk.post(`/staff/patrons/${card}/holds`, form),
        desk.post(`/staff/patrons/${card}/holds`, form),
      ]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(await first.text()).toContain('順位 2');
      const holds = await ctx.db
        .selectFrom('holds')
        .select(['placed_via', 'placed_by', 'pickup_place'])
        .where('patron_id', '=', patronId)
        .execute();
      expect(holds).toEqual([{ placed_via: 'counter', placed_by: expect.any(Number), pickup_place: 'bm-sakura' }]);
      const onShelf = await addRecord(ctx.db);
      await addCopy(ctx.db, onShelf);
      const refused = await desk.post(`/staff/patrons/${card}/holds`, { ...form, record_id: String(onShelf), key: 'f'.repeat(32) });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('在架しています');
      const bad = await desk.post(`/staff/patrons/${card}/holds`, {
        record_id: 'x'.repeat(10_000),
        pickup: 'mars',
        contact: 'email',
        key: 'k',
      });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('一覧から予約する資料を選んでください');
      expect(await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'counter-hold').execute()).toHaveLength(1);
    });
  });

  describe('admin pages', () => {
    it('the calendar: a dated closure and the weekly closed days move due dates', async () => {
      const admin = await staffClient('admin');
      await admin.page('/staff/admin/calendar');
      const bad = await admin.post('/staff/admin/calendar/closures', { from: '2026-02-30', to: '', note: '' });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('その日付はありません');
      const added = await admin.post('/staff/admin/calendar/closures', { from: '２０２６年１２月１５日', to: '', note: '館内整理日' });
      expect(added.headers.get('Location')).toBe('/staff/admin/calendar?done=added&loans=0&holds=0');
      const allClosed = await admin.post('/staff/admin/calendar/weekly', { day: ['0', '1', '2', '3', '4', '5', '6'] });
      expect(allClosed.status).toBe(422);
      await admin.post('/staff/admin/calendar/weekly', { day: ['3'] });
      const { html } = await admin.page('/staff/admin/calendar');
      expect(html).toContain('館内整理日');
      // Loan on Tue 2026-12-01: the 15th is closed and Wednesdays now are, so it is due Thursday the 17th.
      const record = await addRecord(ctx.db);
      const copyId = await addCopy(ctx.db, record);
      const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
      const patronId = await addPatron(ctx.db);
      const { card_number } = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow();
      await admin.post('/staff/checkout', { card_number, barcode });
      expect(await ctx.db.selectFrom('loans').select('due_date').execute()).toEqual([{ due_date: '2026-12-17' }]);
    });

    it('staff accounts: an admin unlocks a locked desk account', async () => {
      const locked = await addStaff('desk', 'locked');
      await ctx.db
        .insertInto('sign_in_counts')
        .values({
          realm: 'staff',
          name: 'locked',
          failures: 5,
          locked_until: new Date(ctx.clock.now().getTime() + 60_000),
          last_attempt_at: ctx.clock.now(),
        })
        .execute();
      const admin = await staffClient('admin');
      const { html } = await admin.page('/staff/admin/staff');
      expect(html).toContain('locked のロックを解除');
      const unlocked = await admin.post(`/staff/admin/staff/${locked}/unlock`);
      expect(unlocked.headers.get('Location')).toBe('/staff/admin/staff?done=unlocked');
      expect(await signInCount(ctx, 'locked', 'staff')).toEqual({ failures: 0, lockedUntil: null });
      const desk = new TestClient(ctx.app);
      await signInDirectly(ctx, desk, { staffId: locked });
      expect((await desk.get('/staff/admin/staff')).status).toBe(403);
    });
  });
});
