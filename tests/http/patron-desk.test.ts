/**
 * Patrons at the counter: registration with a scanned card, the edit form,
 * block and unblock (the patron cannot then borrow), card reissue (the old
 * number stops working and is never issued again), each audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPatronBytes } from '../../src/patrons/patron.import.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { signedInStaff } from '../support/staff.ts';

describe.each(databaseKinds)('patrons at the counter on %s', (kind) => {
  let ctx: TestContext;
  let desk: TestClient;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    ({ client: desk } = await signedInStaff(ctx));
    await desk.page('/staff/patrons/new');
  });
  afterEach(async () => {
    await ctx.close();
  });

  const patronRow = (card: string) => ctx.db.selectFrom('patrons').selectAll().where('card_number', '=', card).executeTakeFirst();
  const actions = async () => (await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);

  const newPatron = {
    card_number: '０１２３-４５６７',
    name: '図書 花子',
    name_kana: 'トショ ハナコ',
    birth_date: '平成2年1月2日',
    phone: '03-1234-5678',
    email: '',
  };

  it('registers a new patron from a scanned card, normalised, and opens the record', async () => {
    const page = await desk.submit('/staff/patrons/new', newPatron);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('利用者を登録しました。');
    expect(await patronRow('01234567')).toMatchObject({
      name: '図書 花子',
      birth_date: '1990-01-02',
      phone: '0312345678',
      email: null,
      password_hash: null,
    });
    expect(await actions()).toEqual(['patron-registered']);
  });

  it('refuses a card the pattern does not accept, a taken number and missing fields, changing nothing', async () => {
    const bad = await desk.post('/staff/patrons/new', { ...newPatron, card_number: '12345', name: '', birth_date: '2026-02-30' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('氏名を入力してください。');
    expect(html).toContain('その日付はありません。');
    expect(html).toContain('href="#card_number"');
    await addPatron(ctx.db, { card_number: '01234567' });
    const taken = await desk.post('/staff/patrons/new', newPatron);
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('この番号はほかの利用者が使っています。');
    expect(await actions()).toEqual([]);
  });

  it('edits the record; a new e-mail address is unconfirmed; an impossible expiry is refused', async () => {
    await addPatron(ctx.db, { card_number: '01234567', email: 'old@example.jp', email_confirmed_at: ctx.clock.now() });
    const fields = { name: '図書 花子', name_kana: 'トショ', phone: '0311112222', email: 'new@example.jp', expires_on: '2027-03-31' };
    expect((await desk.post('/staff/patrons/01234567/edit', { ...fields, expires_on: '2027-02-30' })).status).toBe(422);
    const saved = await desk.submit('/staff/patrons/01234567/edit', fields);
    expect(await saved.text()).toContain('利用者情報を保存しました。');
    expect(await patronRow('01234567')).toMatchObject({ email: 'new@example.jp', email_confirmed_at: null, expires_on: '2027-03-31' });
    const entry = await ctx.db.selectFrom('audit_log').select(['action', 'details']).executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'patron-edited', details: { fields: ['name', 'name_kana', 'phone', 'email', 'expires_on'] } });
  });

  it('blocks with a reason (required) and unblocks; the desk shows the block', async () => {
    await addPatron(ctx.db, { card_number: '01234567' });
    expect((await desk.post('/staff/patrons/01234567/block', { reason: ' ' })).status).toBe(422);
    await desk.submit('/staff/patrons/01234567/block', { reason: '督促中' });
    expect((await patronRow('01234567'))?.blocked_reason).toBe('督促中');
    const checkout = await desk.post('/staff/checkout', { card_number: '01234567' });
    expect(await checkout.text()).toContain('督促中');
    await desk.submit('/staff/patrons/01234567/unblock');
    expect((await patronRow('01234567'))?.blocked_reason).toBeNull();
    expect(await actions()).toEqual(['patron-blocked', 'patron-unblocked']);
  });

  it('reissues a card: the old number stops working, ends the patron’s sessions, and is never issued again', async () => {
    const patronId = await addPatron(ctx.db, { card_number: '01234567' });
    const patron = new TestClient(ctx.app);
    await signInDirectly(ctx, patron, { patronId });
    const page = await desk.submit('/staff/patrons/01234567/reissue', { card_number: '07654321' });
    expect(await page.text()).toContain('カードを再発行しました。');
    expect((await patronRow('07654321'))?.id).toBe(patronId);
    expect(await patronRow('01234567')).toBeUndefined();
    expect((await desk.get('/staff/patrons/01234567')).status).toBe(404);
    expect((await patron.get('/account')).status).toBe(303);
    const again = await desk.post('/staff/patrons/new', newPatron);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('再発行で使用を止めた番号');
    const back = await desk.post('/staff/patrons/07654321/reissue', { card_number: '01234567' });
    expect(back.status).toBe(422);
    expect(await actions()).toEqual(['card-reissued']);
    // Nor does the registration system's file bring it back.
    const csv = 'card_number,name,name_kana,birth_date,phone,email\n01234567,図書 太郎,トショ タロウ,1980-01-01,092-000-0000,\n';
    const imported = await importPatronBytes(ctx.db, Buffer.from(csv), ctx.config.rules, ctx.clock.now());
    expect(imported).toMatchObject({
      imported: 0,
      skipped: [{ line: 2, error: 'card number 01234567 was retired when its card was reissued' }],
    });
    expect(await patronRow('01234567')).toBeUndefined();
  });
});
