/**
 * Patron categories (利用者区分) from LIBRARY_CONFIG, end to end on each
 * database: chosen at the counter and in the patron import, and applied to
 * the loan period and limits at checkout, to renewals, and to the hold
 * limits of the Web reservation; a patron with no category keeps the
 * library's own terms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRules, type LibraryRules } from '../../src/config.ts';
import { importPatronBytes } from '../../src/patrons/patron.import.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addPatron, addRecord } from '../support/fixtures.ts';
import { lendTo, loanRow } from '../support/loans.ts';
import { activeHolds, confirmation, reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { signedInStaff } from '../support/staff.ts';

const rules: LibraryRules = {
  ...defaultRules,
  patronCategories: [
    { code: 'shinai', name: { ja: '市内在住・在勤・在学', en: 'Lives, works or studies in the city' } },
    {
      code: 'kouiki',
      name: { ja: '広域利用', en: 'Neighbouring towns' },
      loanLimits: { total: 2 },
      holdLimits: { book: 1, total: 1 },
      loanDays: 7,
      maxRenewals: 0,
    },
  ],
};

describe.each(databaseKinds)('patron categories on %s', (kind) => {
  let ctx: TestContext;
  let desk: TestClient;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { rules });
    ({ client: desk } = await signedInStaff(ctx));
    await desk.page('/staff/patrons/new');
  });
  afterEach(async () => {
    await ctx.close();
  });

  const categoryOf = async (card: string) =>
    (await ctx.db.selectFrom('patrons').select('category').where('card_number', '=', card).executeTakeFirst())?.category;

  async function patron(category: string | null) {
    const id = await addPatron(ctx.db, { category });
    const row = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', id).executeTakeFirstOrThrow();
    return { id, card: row.card_number };
  }

  async function copyBarcode() {
    const id = await addCopy(ctx.db, await addRecord(ctx.db));
    return (await ctx.db.selectFrom('copies').select('barcode').where('id', '=', id).executeTakeFirstOrThrow()).barcode;
  }

  const newPatron = {
    card_number: '01234567',
    name: '区分 花子',
    name_kana: 'クブン ハナコ',
    birth_date: '1990-01-02',
    phone: '',
    email: '',
  };

  it('offers the categories at registration, stores the one chosen (full-width input too), and refuses an unknown one', async () => {
    const form = (await desk.page('/staff/patrons/new')).html;
    expect(form).toContain('<label for="category">利用者区分</label>');
    expect(form).toContain('<option value="kouiki">広域利用</option>');
    expect(form).toContain('区分なし（図書館の標準の貸出・予約条件）');

    const unknown = await desk.post('/staff/patrons/new', { ...newPatron, category: 'visitor' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('利用者区分を一覧から選んでください。');
    expect(await categoryOf('01234567')).toBeUndefined();

    const saved = await desk.submit('/staff/patrons/new', { ...newPatron, category: 'ＫＯＵＩＫＩ' });
    expect(saved.status).toBe(200);
    expect(await categoryOf('01234567')).toBe('kouiki');
    const record = (await desk.page('/staff/patrons/01234567')).html;
    expect(record).toContain('<dt>利用者区分</dt><dd>広域利用</dd>');
    expect(record).toContain('貸出 2点まで（うち視聴覚資料 2点）・7日間・延長 0回');
    expect(record).toContain('予約 1点まで（図書 1点・視聴覚資料 1点）');
  });

  it('changes the category on the edit form and audits the change by field name', async () => {
    const p = await patron('kouiki');
    const edit = (await desk.page(`/staff/patrons/${p.card}/edit`)).html;
    expect(edit).toContain('<option value="kouiki" selected="">広域利用</option>');
    const row = await ctx.db.selectFrom('patrons').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    const fields = { name: row.name, name_kana: row.name_kana, phone: row.phone, email: row.email ?? '', expires_on: '' };
    await desk.submit(`/staff/patrons/${p.card}/edit`, { ...fields, category: 'shinai' });
    expect(await categoryOf(p.card)).toBe('shinai');
    await desk.submit(`/staff/patrons/${p.card}/edit`, { ...fields, category: '' });
    expect(await categoryOf(p.card)).toBeNull();
    const audits = await ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'patron-edited').orderBy('id').execute();
    expect(audits.map((a) => a.details)).toEqual([{ fields: ['category'] }, { fields: ['category'] }]);
    const none = (await desk.page(`/staff/patrons/${p.card}`)).html;
    expect(none).not.toContain('<dt>利用者区分</dt>');
    expect(none).toContain('貸出 20点まで（うち視聴覚資料 10点）・14日間・延長 1回');
  });

  it("lends for the category's period up to its limit; a patron with none keeps the library's", async () => {
    const visitor = await patron('kouiki');
    const resident = await patron(null);
    const lend = (card: string, barcode: string) => desk.post('/staff/checkout', { card_number: card, barcode });
    await desk.page('/staff/checkout');
    expect((await lend(visitor.card, await copyBarcode())).status).toBe(200);
    expect((await lend(visitor.card, await copyBarcode())).status).toBe(200);
    const third = await lend(visitor.card, await copyBarcode());
    expect(third.status).toBe(422);
    expect(await third.text()).toContain('貸出点数の上限に達しています');
    expect((await lend(resident.card, await copyBarcode())).status).toBe(200);
    const dues = await ctx.db.selectFrom('loans').select(['patron_id', 'due_date']).orderBy('id').execute();
    expect(dues).toEqual([
      { patron_id: visitor.id, due_date: '2026-12-08' },
      { patron_id: visitor.id, due_date: '2026-12-08' },
      { patron_id: resident.id, due_date: '2026-12-15' },
    ]);
  });

  it('refuses a renewal the category does not allow, on the account page and at the renewal itself', async () => {
    const visitor = await patron('kouiki');
    const loan = await lendTo(ctx, visitor.id, { dueDate: '2026-12-08' });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: visitor.id });
    const account = (await client.page('/account')).html;
    expect(account).toContain('<dt>利用者区分</dt><dd>広域利用</dd>');
    expect(account).not.toContain(`/account/loans/${loan.loanId}/renew`);
    const renewal = await client.post(`/account/loans/${loan.loanId}/renew`, {}, { headers: { 'HX-Request': 'true' } });
    expect(renewal.status).toBe(422);
    expect(await loanRow(ctx, loan.loanId)).toMatchObject({ due_date: '2026-12-08', renewals: 0 });
  });

  it("places Web holds up to the category's hold limit", async () => {
    const visitor = await patron('kouiki');
    const first = await reservableTitle(ctx, 'book', '一冊目');
    const second = await reservableTitle(ctx, 'book', '二冊目');
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: visitor.id });
    await client.page('/cart');
    await client.post('/cart', { record_id: String(first) });
    await client.post('/cart', { record_id: String(second) });
    const cart = (await client.page('/cart')).html;
    expect(cart).toContain('図書 2/1・視聴覚 0/1・合計 2/1');
    expect(cart).toContain('予約できる件数の上限に達しています');
    const result = await client.submit('/reserve', confirmation('category-limit-key-0123456789abcdef', [first, second]));
    expect(result.status).toBe(200);
    expect((await activeHolds(ctx, visitor.id)).map((h) => h.record_id)).toEqual([first]);
  });

  it("states each category's terms in the guide, from the same settings", async () => {
    const guide = (await new TestClient(ctx.app).page('/guide')).html;
    expect(guide).toContain('<h2>利用者区分ごとの貸出・予約</h2>');
    expect(guide).toContain(
      '<dt>広域利用</dt><dd>貸出 2点まで（うち視聴覚資料 2点）・7日間・延長 0回<br/>予約 1点まで（図書 1点・視聴覚資料 1点）</dd>',
    );
    expect(guide).toContain('<dt>市内在住・在勤・在学</dt><dd>貸出 20点まで（うち視聴覚資料 10点）・14日間・延長 1回');
  });

  it('imports the category column: known codes and empty for none, a bad code skipped by line, no column leaves it', async () => {
    await patron('kouiki');
    const header = 'card_number,name,name_kana,birth_date,phone,email,category';
    const csv = [header, '02000001,甲,コウ,1980-01-01,,,kouiki', '02000002,乙,オツ,1980-01-01,,,', '02000003,丙,ヘイ,1980-01-01,,,tourist'];
    const summary = await importPatronBytes(ctx.db, Buffer.from(csv.join('\n')), ctx.config.rules, ctx.clock.now());
    expect(summary).toMatchObject({ imported: 2 });
    expect(summary.skipped).toEqual([
      { line: 4, error: `category "tourist" is not one of the settings' patron categories (shinai, kouiki), nor empty` },
    ]);
    expect(await categoryOf('02000001')).toBe('kouiki');
    expect(await categoryOf('02000002')).toBeNull();
    const withoutColumn = 'card_number,name,name_kana,birth_date,phone,email\n02000001,甲,コウ,1980-01-01,,\n';
    expect(await importPatronBytes(ctx.db, Buffer.from(withoutColumn), ctx.config.rules, ctx.clock.now())).toMatchObject({ unchanged: 1 });
    expect(await categoryOf('02000001')).toBe('kouiki');
    const changed = 'card_number,name,name_kana,birth_date,phone,email,category\n02000001,甲,コウ,1980-01-01,,,shinai\n';
    expect(await importPatronBytes(ctx.db, Buffer.from(changed), ctx.config.rules, ctx.clock.now())).toMatchObject({ updated: 1 });
    expect(await categoryOf('02000001')).toBe('shinai');
  });
});
