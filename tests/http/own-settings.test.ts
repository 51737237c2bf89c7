/**
 * The whole app booted under a library's own settings (10-digit cards, other
 * places, lower limits, other periods, its own name and mail domain): a
 * patron imported from the library's file registers a password, signs in,
 * searches, reserves for pickup at a bookmobile station, and borrows at the
 * desk, on PGlite and PostgreSQL (SPEC §11, Issue 18).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { nextOpenDay } from '../../src/calendar/calendar.rules.ts';
import { mailContentOf, renderMail } from '../../src/mail/mail.templates.ts';
import { importPatronFile } from '../../src/patrons/patron.import.ts';
import { syncPickupPlaces } from '../../src/places/places.repo.ts';
import { addDays, libraryDate } from '../../src/time.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addLoan, addPatron, addRecord, titleSearchText } from '../support/fixtures.ts';
import { ownSettingsConfig } from '../support/own-settings.ts';
import { activeHolds, confirmationFields } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';

const patronsCsv = [
  'card_number,name,name_kana,birth_date,phone,email,category',
  '2000000001,光 花子,ひかり はなこ,1985-04-12,092-111-2222,hanako@example.jp,chomin',
  '01000001,八桁 番号,はっけた ばんごう,1990-01-02,0921234567,,',
].join('\n');

describe.each(databaseKinds)('the app under a library’s own settings on %s', (kind) => {
  let ctx: TestContext;
  let dir: string;
  let otherReader: number | undefined;
  const today = () => libraryDate(ctx.clock.now(), ctx.config.rules.timeZone);

  beforeAll(async () => {
    ctx = await createTestContext(kind, ownSettingsConfig());
    // What every start does before serving (src/bootstrap.ts).
    await syncPickupPlaces(ctx.db, ctx.config.rules.pickupPlaces);
    dir = mkdtempSync(path.join(tmpdir(), 'own-settings-'));
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A searchable title with one copy at the main library (`honkan`), on loan to someone else or on the shelf. */
  async function title(name: string, onLoan: boolean): Promise<{ recordId: number; barcode: string }> {
    const recordId = await addRecord(ctx.db, {
      title: name,
      search_text: titleSearchText(name),
    });
    const copyId = await addCopy(ctx.db, recordId, {
      home_place: 'honkan',
      current_place: 'honkan',
      status: onLoan ? 'on_loan' : 'on_shelf',
    });
    if (onLoan) {
      const due = addDays(today(), 7);
      otherReader ??= await addPatron(ctx.db, { card_number: '2999999999' });
      await addLoan(ctx.db, {
        copy_id: copyId,
        patron_id: otherReader,
        checked_out_at: ctx.clock.now(),
        due_date: due,
      });
    }
    const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
    return { recordId, barcode };
  }

  async function deskClient(): Promise<TestClient> {
    const staff = await ctx.db
      .insertInto('staff')
      .values({ username: 'desk1', role: 'desk', password_hash: await hashPassword('desk-pass-2026') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const desk = new TestClient(ctx.app);
    await signInDirectly(ctx, desk, { staffId: staff.id });
    return desk;
  }

  it('walks import, 新規パスワード登録, sign-in, search, reservation at a 「BM」 station, hold shelf and checkout', async () => {
    // The library's patron file: the 10-digit card goes in, an 8-digit one is listed by its line.
    const file = path.join(dir, 'patrons.csv');
    writeFileSync(file, patronsCsv);
    const imported = await importPatronFile(ctx.db, file, ctx.config.rules, ctx.clock.now());
    expect(imported.skipped.map((s) => s.line)).toEqual([3]);
    const { id: patronId } = await ctx.db
      .updateTable('patrons')
      .set({ email_confirmed_at: ctx.clock.now() })
      .where('card_number', '=', '2000000001')
      .returning('id')
      .executeTakeFirstOrThrow();

    // 新規パスワード登録, with the card typed as a Japanese keyboard writes it.
    const patron = new TestClient(ctx.app);
    const form = await patron.page('/register');
    expect(form.html).toContain('2から始まる10桁の数字です（例: 2000000001）。');
    expect(form.html).toContain('| ひかり町立図書館</title>');
    expect(form.html).toContain('6〜16文字の');
    const identity = { birth_date: '1985-04-12', phone: '092-111-2222', password: 'hikari7', password_confirm: 'hikari7' };
    const wrong = await patron.post('/register', { ...identity, card_number: '01234567' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('利用カードの番号は、2から始まる10桁の数字で入力してください（例: 2000000001）。');
    const short = await patron.post('/register', { ...identity, card_number: '2000000001', password: 'hik5', password_confirm: 'hik5' });
    expect(await short.text()).toContain('パスワードは6文字以上にしてください。');
    const registered = await patron.post('/register', { ...identity, card_number: '２０００ ０００ ００１' });
    expect(registered.status).toBe(303);
    expect(registered.headers.get('Location')).toBe('/login?done=registered');
    const notice = await ctx.db.selectFrom('outbox').selectAll().where('patron_id', '=', patronId).executeTakeFirstOrThrow();
    const mail = renderMail(mailContentOf(notice.template, notice.data)!, 'ja', ctx.config);
    expect(mail.text).toContain('ひかり町立図書館');
    expect(mail.text).toContain('「@hikari-town-library.jp」');
    expect(notice.message_id).toMatch(/@hikari-town-library\.jp>$/);

    await patron.page('/login');
    const signedIn = await patron.post('/login', { card_number: '2000000001', password: 'hikari7' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('Location')).toBe('/account');

    // Search, and four titles in the cart against a limit of three.
    const wanted = [];
    for (const n of ['一', '二', '三', '四']) wanted.push(await title(`ひかりの本 ${n}`, true));
    const shelved = await title('ひかりの棚の本', false);
    const results = (await patron.page(`/search?q=${encodeURIComponent('ひかりの本')}`)).html;
    expect(results).toContain('ひかりの本 一');
    for (const { recordId } of wanted) {
      await patron.page(`/records/${recordId}`);
      expect((await patron.post('/cart', { record_id: String(recordId) })).status).toBe(303);
    }
    expect((await patron.page('/cart')).html).toContain('図書 4/3・視聴覚 0/1・合計 4/3');

    // ⑤: the configured places, in their order; ⑦ and ⑧ at a bookmobile station.
    const step5 = (await patron.page('/reserve')).html;
    expect([...step5.matchAll(/name="pickup" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['honkan', 'kita', 'bm-eki', 'bm-koen']);
    expect(step5).toContain('BM 駅前広場');
    expect(step5).not.toContain('中央図書館');
    const step7 = await patron.submit('/reserve/confirm', { pickup: 'bm-eki', contact: 'none' });
    const result = await (await patron.submit('/reserve', confirmationFields(await step7.text()))).text();
    expect(result.match(/予約しました（順位 1）/g)).toHaveLength(3);
    expect(result).toContain('予約できる件数の上限に達しています');
    const holds = await activeHolds(ctx, patronId);
    expect(holds.map((h) => h.pickup_place)).toEqual(['bm-eki', 'bm-eki', 'bm-eki']);
    expect((await patron.page('/account')).html).toContain('BM 駅前広場');

    // The first title comes back at the station: ready there for the configured 9 days, moved off a closed Wednesday.
    const desk = await deskClient();
    await desk.page('/staff/checkin');
    const checkin = await desk.post('/staff/checkin', { barcode: wanted[0]!.barcode, place: 'bm-eki' });
    expect(await checkin.text()).toContain('BM 駅前広場');
    const ready = await ctx.db.selectFrom('holds').selectAll().where('id', '=', holds[0]!.id).executeTakeFirstOrThrow();
    expect(ready).toMatchObject({ status: 'ready', pickup_deadline: '2026-12-10' });

    // Checkout: the 10-digit card at the desk, the held copy and one from the shelf, due in 21 days.
    await desk.page('/staff/checkout');
    const eightDigits = await desk.post('/staff/checkout', { card_number: '01000001' });
    expect(await eightDigits.text()).toContain('利用カードの番号は2から始まる10桁の数字です。');
    for (const { barcode } of [wanted[0]!, shelved]) {
      expect((await desk.post('/staff/checkout', { card_number: '2000-0000-01', barcode })).status).toBe(200);
    }
    const loans = await ctx.db.selectFrom('loans').select('due_date').where('patron_id', '=', patronId).execute();
    const due = nextOpenDay(addDays(today(), 21), {
      weeklyClosedDays: [3],
      closedOnNationalHolidays: false,
      holidayOnClosedDay: 'openNextWeekdayClosed',
      closures: new Set(),
    });
    expect(loans.map((l) => l.due_date)).toEqual([due, due]);
    expect(due).toBe('2026-12-21');
    expect((await ctx.db.selectFrom('holds').select('status').where('id', '=', holds[0]!.id).executeTakeFirstOrThrow()).status).toBe(
      'fulfilled',
    );
    const account = (await patron.page('/account')).html;
    expect(account).toContain('延長は2回まで、延長した日から10日後が新しい返却期限です。');
    expect(account).toContain('<dt>利用者区分</dt><dd>町民</dd>');
    const support = await desk.page('/staff/patrons/2000000001');
    expect(support.response.status).toBe(200);
    expect(support.html).toContain('光 花子');
    expect(support.html).toContain('貸出 20点まで（うち視聴覚資料 10点）・21日間・延長 2回');
  });

  it('names the library and its mail domain in the pageContext, the e-mail hints and the installed app', async () => {
    const patronId = await addPatron(ctx.db, { card_number: '2000000099', email: 'reader@example.jp' });
    const patron = new TestClient(ctx.app);
    await signInDirectly(ctx, patron, { patronId });
    const account = (await patron.page('/account')).html;
    expect(account).toContain('「@hikari-town-library.jp」からのメールを受信できるよう設定');
    expect((await patron.page('/account/email')).html).toContain('「@hikari-town-library.jp」を許可してください');
    const english = (await new TestClient(ctx.app).page('/login', { 'Accept-Language': 'en' })).html;
    expect(english).toContain('10 digits starting with 2 (e.g. 2000000001).');
    expect(english).toContain('| Hikari Town Library</title>');
    const manifest = (await (await patron.get('/manifest.webmanifest')).json()) as { name: string };
    expect(manifest.name).toBe('ひかり町立図書館');
  });
});
