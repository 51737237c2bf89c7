/**
 * A blocked or expired card cannot reserve, on the Web or at the counter,
 * and the patron is told why: on the account page and in the flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';
import { signedInStaff } from '../support/staff.ts';
import { activeHolds, confirmationFields, reservableTitle, signedInPatron } from '../support/reservations.ts';

describe.each(databaseKinds)('a card that may not reserve on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  async function patronWithCart(standing: { blocked_reason?: string; expires_on?: string }) {
    const patron = await signedInPatron(ctx);
    await ctx.db.updateTable('patrons').set(standing).where('id', '=', patron.patronId).execute();
    const recordId = await reservableTitle(ctx, 'book', '止められた予約');
    await patron.client.post('/cart', { record_id: String(recordId) });
    return patron;
  }

  it('a blocked card is told why on the account page, at step ⑤ and ⑦, and its confirmation places nothing', async () => {
    const { client, patronId } = await patronWithCart({ blocked_reason: '督促中' });
    expect((await client.page('/account')).html).toContain('ご利用が停止されているため、現在は貸出と予約ができません。');
    expect((await client.page('/reserve')).html).toContain('ご利用が停止されているため、現在は貸出と予約ができません。');
    const step7 = await (await client.submit('/reserve/confirm', { pickup: 'main', contact: 'phone' })).text();
    expect(step7).toContain('ご利用が停止されているため');
    const result = await (await client.submit('/reserve', confirmationFields(step7))).text();
    expect(result).toContain('ご利用が停止されているため予約できません。図書館のカウンターにお問い合わせください');
    expect(await activeHolds(ctx, patronId)).toEqual([]);
  });

  it('an expired card is told the date it expired, and reserves nothing', async () => {
    const { client, patronId } = await patronWithCart({ expires_on: '2026-11-30' });
    expect((await client.page('/account')).html).toContain('利用カードの有効期限（2026年11月30日');
    const step7 = await (await client.submit('/reserve/confirm', { pickup: 'main', contact: 'phone' })).text();
    const result = await (await client.submit('/reserve', confirmationFields(step7))).text();
    expect(result).toContain('利用カードの有効期限が切れているため予約できません');
    expect(await activeHolds(ctx, patronId)).toEqual([]);
  });

  it('a counter hold for a blocked card is refused with the reason; a search that finds nothing says so', async () => {
    const { patronId } = await patronWithCart({ blocked_reason: '督促中' });
    const { card_number: card } = await ctx.db
      .selectFrom('patrons')
      .select('card_number')
      .where('id', '=', patronId)
      .executeTakeFirstOrThrow();
    const { client: desk } = await signedInStaff(ctx);
    expect((await desk.page(`/staff/patrons/${card}?q=${encodeURIComponent('存在しない書名')}`)).html).toContain(
      'に当てはまる資料はありません',
    );
    const recordId = await reservableTitle(ctx, 'book', '窓口の本');
    const form = { record_id: String(recordId), pickup: 'main', contact: 'phone', key: 'b'.repeat(32) };
    const refused = await desk.post(`/staff/patrons/${card}/holds`, form);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('ご利用が停止されているため予約できません');
    expect(await activeHolds(ctx, patronId)).toEqual([]);
  });

  it('a card expiring today still reserves, and its account page says nothing of it', async () => {
    const { client, patronId } = await patronWithCart({ expires_on: '2026-12-01' });
    expect((await client.page('/account')).html).not.toContain('有効期限（');
    const step7 = await (await client.submit('/reserve/confirm', { pickup: 'main', contact: 'phone' })).text();
    await client.submit('/reserve', confirmationFields(step7));
    expect(await activeHolds(ctx, patronId)).toHaveLength(1);
  });
});
