/**
 * Checkout limits and blocks at the desk (SPEC §10): each refusal names its
 * reason and offers the override form; an override needs a reason and the
 * audit log keeps it. The limits are settings (a smaller set here).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/config.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { signedInStaff } from '../support/staff.ts';

describe.each(databaseKinds)('checkout limits and blocks on %s', (kind) => {
  let ctx: TestContext;
  let desk: TestClient;
  let staffId: number;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { rules: { ...defaultRules, loanLimits: { total: 3, av: 1, overdueDays: 14 } } });
    ({ client: desk, staffId } = await signedInStaff(ctx));
    await desk.page('/staff/checkout');
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function patron(values: Parameters<typeof addPatron>[1] = {}) {
    const id = await addPatron(ctx.db, values);
    const row = await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', id).executeTakeFirstOrThrow();
    return { id, card: row.card_number };
  }

  async function copy(material: 'book' | 'av' = 'book') {
    const record = await addRecord(ctx.db, { material, title: material === 'av' ? '映像資料' : '図書資料' });
    const id = await addCopy(ctx.db, record);
    const row = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', id).executeTakeFirstOrThrow();
    return { id, barcode: row.barcode };
  }

  async function onLoan(patronId: number, material: 'book' | 'av', dueDate = '2026-12-15') {
    const item = await copy(material);
    await addLoan(ctx.db, { copy_id: item.id, patron_id: patronId, checked_out_at: ctx.clock.now(), due_date: dueDate });
    await ctx.db.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', item.id).execute();
  }

  async function lend(card: string, barcode: string, override: Record<string, string> = {}) {
    const response = await desk.post('/staff/checkout', { card_number: card, barcode, ...override });
    return { status: response.status, html: await response.text() };
  }

  const openLoans = async (patronId: number) =>
    (await ctx.db.selectFrom('loans').select('id').where('patron_id', '=', patronId).where('returned_at', 'is', null).execute()).length;

  it('refuses the loan over the total limit, offers the override, and lends with a reason kept in the audit log', async () => {
    const p = await patron();
    for (let i = 0; i < 3; i++) await onLoan(p.id, 'book');
    const item = await copy();
    const refused = await lend(p.card, item.barcode);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('貸出点数の上限に達しています');
    expect(refused.html).toContain('name="override" value="1"');
    expect(refused.html).toContain('name="override_reason"');

    const noReason = await lend(p.card, item.barcode, { override: '1', override_reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('上書きして貸し出すには、理由を入力してください。');
    expect(await openLoans(p.id)).toBe(3);

    const lent = await lend(p.card, item.barcode, { override: '1', override_reason: '館長許可' });
    expect(lent.status).toBe(200);
    expect(await openLoans(p.id)).toBe(4);
    const entries = await ctx.db.selectFrom('audit_log').select(['action', 'staff_id', 'patron_id', 'details']).orderBy('id').execute();
    expect(entries.map((e) => e.action)).toEqual(['checkout', 'checkout-override']);
    expect(entries[1]).toMatchObject({ staff_id: staffId, patron_id: p.id, details: { refusal: 'loanLimit', reason: '館長許可' } });
  });

  it('counts audiovisual loans on their own limit', async () => {
    const p = await patron();
    await onLoan(p.id, 'av');
    const av = await lend(p.card, (await copy('av')).barcode);
    expect(av.status).toBe(422);
    expect(av.html).toContain('視聴覚資料の貸出点数の上限に達しています');
    expect((await lend(p.card, (await copy('book')).barcode)).status).toBe(200);
  });

  it('refuses a card with an item more than 14 days overdue, not one 14 days overdue', async () => {
    const fourteen = await patron();
    await onLoan(fourteen.id, 'book', '2026-11-17');
    expect((await lend(fourteen.card, (await copy()).barcode)).status).toBe(200);
    const fifteen = await patron();
    await onLoan(fifteen.id, 'book', '2026-11-16');
    const refused = await lend(fifteen.card, (await copy()).barcode);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('返却期限を大きく過ぎた資料があるため');
  });

  it('refuses a blocked and an expired card with their reasons; an override lends to them', async () => {
    const blocked = await patron({ blocked_reason: '督促中' });
    const expired = await patron({ expires_on: '2026-11-30' });
    const item = await copy();
    expect((await lend(blocked.card, item.barcode)).html).toContain('この利用者は貸出停止中です。');
    expect((await lend(expired.card, item.barcode)).html).toContain('この利用カードは有効期限切れです。');
    expect((await lend(expired.card, item.barcode, { override: '1', override_reason: '更新手続き中' })).status).toBe(200);
    expect(await openLoans(expired.id)).toBe(1);
  });

  it('offers no override for a refusal about the copy', async () => {
    const p = await patron();
    const record = await addRecord(ctx.db);
    const id = await addCopy(ctx.db, record, { reference_only: true });
    const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', id).executeTakeFirstOrThrow();
    const refused = await lend(p.card, barcode, { override: '1', override_reason: 'どうしても' });
    expect(refused.status).toBe(422);
    expect(refused.html).not.toContain('name="override_reason"');
    expect(await openLoans(p.id)).toBe(0);
  });
});
