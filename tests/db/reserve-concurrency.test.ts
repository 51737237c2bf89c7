/**
 * Confirmations racing each other. On PostgreSQL the requests really run at
 * once over a pool of connections and the patron's row lock serialises them;
 * PGlite has one connection, so there the transactions interleave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';
import { activeHolds, confirmation, reservableTitle, signedInPatron } from '../support/reservations.ts';

describe.each(databaseKinds)('concurrent confirmations on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  it('50 parallel confirmations of different titles by a patron with 9 book holds place exactly one more', async () => {
    const { patronId, client } = await signedInPatron(ctx, { bookHolds: 9 });
    const titles = await Promise.all(Array.from({ length: 50 }, () => reservableTitle(ctx)));
    const responses = await Promise.all(
      titles.map((id, i) => client.submit('/reserve', confirmation(`race-${String(i).padStart(4, '0')}-abcdefghijkl`, [id]))),
    );
    const pages = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(pages.filter((html) => html.includes('予約しました（順位 1）'))).toHaveLength(1);
    expect(pages.filter((html) => html.includes('予約できる件数の上限に達しています'))).toHaveLength(49);
    expect(await activeHolds(ctx, patronId)).toHaveLength(10);
  });

  it('the same confirmation submitted 20 times in parallel makes one set of holds and one result', async () => {
    const { patronId, client } = await signedInPatron(ctx);
    const titles = [await reservableTitle(ctx), await reservableTitle(ctx, 'av'), await reservableTitle(ctx, 'magazine')];
    const form = confirmation('same-confirmation-key-0001', titles, 'bm-kita', 'phone');
    const responses = await Promise.all(Array.from({ length: 20 }, () => client.submit('/reserve', form)));
    const pages = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('3件を予約しました。<');
    expect(pages[0]).not.toContain('0件は予約できませんでした');
    expect((await activeHolds(ctx, patronId)).map((h) => h.record_id).sort()).toEqual([...titles].sort());
    const stored = await ctx.db.selectFrom('reservation_confirmations').select('key').where('patron_id', '=', patronId).execute();
    expect(stored).toHaveLength(1);
  });

  it('two patrons racing for the same title get positions 1 and 2, never two 1s', async () => {
    for (let round = 0; round < 5; round++) {
      const title = await reservableTitle(ctx);
      const a = await signedInPatron(ctx);
      const b = await signedInPatron(ctx);
      const pages = await Promise.all(
        [a, b].map(async (p, i) => (await p.client.submit('/reserve', confirmation(`last-place-${round}-${i}-abcdefgh`, [title]))).text()),
      );
      const positions = pages.map((html) => Number(/順位 (\d+)/.exec(html)?.[1])).sort();
      expect(positions).toEqual([1, 2]);
    }
  });
});
