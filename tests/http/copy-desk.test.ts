/**
 * One copy at the desk (/staff/copies/:barcode): status and shelf mark; a
 * copy lost on loan closes its loan (no longer counted toward the limits);
 * a copy lost on the hold shelf sends its hold back to the queue; back on
 * the shelf it is trapped for the next hold. Each change is audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { signedInStaff } from '../support/staff.ts';

describe.each(databaseKinds)('the copy page on %s', (kind) => {
  let ctx: TestContext;
  let desk: TestClient;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    ({ client: desk } = await signedInStaff(ctx));
    await desk.page('/staff/copies');
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function copy(values: Parameters<typeof addCopy>[2] = {}) {
    const recordId = await addRecord(ctx.db, { title: '所蔵の本' });
    const id = await addCopy(ctx.db, recordId, values);
    const row = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', id).executeTakeFirstOrThrow();
    return { id, recordId, barcode: row.barcode };
  }
  const copyRow = (id: number) => ctx.db.selectFrom('copies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('finds a copy by barcode in any case, and saves reference only with a shelf mark', async () => {
    const item = await copy();
    const found = await desk.get(`/staff/copies?barcode=${item.barcode.toLowerCase()}`);
    expect(found.headers.get('Location')).toBe(`/staff/copies/${item.barcode}`);
    expect((await desk.get('/staff/copies?barcode=NOPE1')).status).toBe(422);
    const saved = await desk.submit(`/staff/copies/${item.barcode}`, { status: 'reference_only', shelf_mark: ' 913.6／ナ ' });
    expect(await saved.text()).toContain('保存しました。');
    expect(await copyRow(item.id)).toMatchObject({ status: 'on_shelf', reference_only: true, shelf_mark: '913.6/ナ' });
    expect((await desk.post(`/staff/copies/${item.barcode}`, { status: 'stolen', shelf_mark: '' })).status).toBe(422);
  });

  it('a copy lost on loan closes the loan, and refuses any other change while on loan', async () => {
    const item = await copy({ status: 'on_loan' });
    const patronId = await addPatron(ctx.db);
    await addLoan(ctx.db, { copy_id: item.id, patron_id: patronId, checked_out_at: ctx.clock.now(), due_date: '2026-12-15' });
    const refused = await desk.post(`/staff/copies/${item.barcode}`, { status: 'withdrawn', shelf_mark: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('貸出中の資料は「紛失」にだけ変えられます。');
    const lost = await desk.submit(`/staff/copies/${item.barcode}`, { status: 'lost', shelf_mark: '' });
    expect(await lost.text()).toContain('紛失として保存し、貸出を終了しました。');
    expect((await copyRow(item.id)).status).toBe('lost');
    // Closed as a return is: the loan and its audit lines no longer name the patron (SPEC §12).
    const loans = await ctx.db.selectFrom('loans').select(['returned_at', 'patron_id']).where('copy_id', '=', item.id).execute();
    expect(loans).toEqual([{ returned_at: expect.any(Date), patron_id: null }]);
    const entry = await ctx.db.selectFrom('audit_log').select(['action', 'patron_id', 'details']).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'copy-changed', patron_id: null, details: { from: 'on_loan', to: 'lost' } });
    const page = await desk.page(`/staff/copies/${item.barcode}`);
    expect(page.html).toContain('copy-changed');
  });

  it('a ready hold whose copy is lost goes back to pending; the copy back on the shelf is trapped for it again', async () => {
    const item = await copy({ status: 'on_hold_shelf' });
    const patronId = await addPatron(ctx.db);
    const holdId = await addHold(ctx.db, {
      patron_id: patronId,
      record_id: item.recordId,
      status: 'ready',
      copy_id: item.id,
      ready_at: ctx.clock.now(),
      pickup_deadline: '2026-12-08',
      placed_at: new Date('2026-11-20T10:00:00+09:00'),
    });
    expect((await desk.post(`/staff/copies/${item.barcode}`, { status: 'on_shelf', shelf_mark: '' })).status).toBe(422);
    await desk.submit(`/staff/copies/${item.barcode}`, { status: 'lost', shelf_mark: '' });
    const hold = () =>
      ctx.db.selectFrom('holds').select(['status', 'copy_id', 'placed_at']).where('id', '=', holdId).executeTakeFirstOrThrow();
    expect(await hold()).toEqual({ status: 'pending', copy_id: null, placed_at: new Date('2026-11-20T10:00:00+09:00') });
    await desk.submit(`/staff/copies/${item.barcode}`, { status: 'on_shelf', shelf_mark: '' });
    expect(await hold()).toMatchObject({ status: 'ready', copy_id: item.id });
    expect((await copyRow(item.id)).status).toBe('on_hold_shelf');
  });
});
