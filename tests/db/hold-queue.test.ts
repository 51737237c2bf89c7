/**
 * 予約の保留 and 順番予約 at checkin (SPEC §14), on PGlite and PostgreSQL:
 * a suspended hold and a later title of a series keep their place but are
 * passed over; a suspension ends by itself on its day or at once on resume;
 * a series title is served once the one before it is collected or
 * cancelled; and a suspension racing a checkin never leaves a suspended
 * hold with a copy. The clock stands at 2026-12-01 10:00 in Tokyo.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelHoldAtDesk,
  checkin,
  checkout,
  circulationContext,
  type CirculationContext,
} from '../../src/circulation/circulation.repo.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { placeHolds, setSuspension } from '../../src/holds/holds.repo.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';

const config = testConfig();

describe.each(databaseKinds)('the hold queue at checkin on %s', (kind) => {
  let database: AppDatabase;
  let clock: TestClock;

  beforeEach(async () => {
    database = await createTestDatabase(kind, { poolSize: 20 });
    clock = new TestClock('2026-12-01T10:00:00+09:00');
  });
  afterEach(() => database.close());

  const ctx = (): Promise<CirculationContext> => circulationContext(database.db, config, clock.now(), null);
  const hold = (id: number) => database.db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const card = async (patronId: number) =>
    (await database.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow()).card_number;

  /** A record whose one copy is on loan, and that copy's barcode. */
  async function titleOnLoan(title: string) {
    const record = await addRecord(database.db, { title });
    const copyId = await addCopy(database.db, record, { status: 'on_loan' });
    await addLoan(database.db, {
      copy_id: copyId,
      patron_id: await addPatron(database.db),
      checked_out_at: clock.now(),
      due_date: '2026-12-15',
    });
    const { barcode } = await database.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
    return { record, barcode };
  }

  /** Lends the copy out again (to someone without holds) so the next checkin returns it. */
  async function lendAgain(barcode: string) {
    const borrower = await addPatron(database.db);
    expect(await checkout(database.db, await ctx(), { cardNumber: await card(borrower), barcode })).toMatchObject({ kind: 'ok' });
  }

  const returned = async (barcode: string) => checkin(database.db, await ctx(), { barcode, place: 'main' });
  const placedAt = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000);

  /** A patron's 順番予約 of two titles, the second waiting for the first; the two holds' ids. */
  async function seriesOfTwo(patron: number, first: number, second: number) {
    const earlier = await addHold(database.db, {
      patron_id: patron,
      record_id: first,
      series_position: 1,
      series_size: 2,
      placed_at: placedAt(60),
    });
    const later = await addHold(database.db, {
      patron_id: patron,
      record_id: second,
      series_position: 2,
      series_size: 2,
      series_after: earlier,
      placed_at: placedAt(60),
    });
    return { earlier, later };
  }

  it('passes a suspended hold over to the next one, keeping its place, and serves it again from its day', async () => {
    const db = database.db;
    const { record, barcode } = await titleOnLoan('保留の本');
    const first = await addPatron(db);
    const firstHold = await addHold(db, { patron_id: first, record_id: record, placed_at: placedAt(30) });
    const secondHold = await addHold(db, { patron_id: await addPatron(db), record_id: record, placed_at: placedAt(20) });
    expect(await setSuspension(db, first, [firstHold], '2026-12-05')).toBe(true);

    const passed = await returned(barcode);
    expect(passed).toMatchObject({ kind: 'ok', destination: { kind: 'holdShelf', holdId: secondHold } });
    expect(await hold(firstHold)).toMatchObject({ status: 'pending', suspended_until: '2026-12-05', copy_id: null });

    // On 12-05 the suspension is over by the date alone: the next copy back goes to the first hold.
    clock.set(new Date('2026-12-05T10:00:00+09:00'));
    const other = await addCopy(db, record, { status: 'on_loan' });
    await addLoan(db, { copy_id: other, patron_id: await addPatron(db), checked_out_at: clock.now(), due_date: '2026-12-20' });
    const otherBarcode = (await db.selectFrom('copies').select('barcode').where('id', '=', other).executeTakeFirstOrThrow()).barcode;
    expect(await returned(otherBarcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: firstHold } });
  });

  it('a hold resumed at once is served at the next return, and only pending holds of the patron can be suspended', async () => {
    const db = database.db;
    const { record, barcode } = await titleOnLoan('解除する本');
    const patron = await addPatron(db);
    const mine = await addHold(db, { patron_id: patron, record_id: record, placed_at: placedAt(30) });
    expect(await setSuspension(db, patron, [mine], '2026-12-20')).toBe(true);
    expect(await setSuspension(db, patron, [mine], null)).toBe(true);
    expect(await returned(barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: mine } });
    // Ready now, and someone else's hold: all or nothing, nothing changes.
    const others = await addHold(db, { patron_id: await addPatron(db), record_id: (await titleOnLoan('他人の本')).record });
    expect(await setSuspension(db, patron, [mine], '2026-12-20')).toBe(false);
    expect(await setSuspension(db, patron, [others], '2026-12-20')).toBe(false);
    expect((await hold(mine)).suspended_until).toBeNull();
    expect((await hold(others)).suspended_until).toBeNull();
  });

  it('serves a series strictly in order: a later title waits until the earlier one is collected or cancelled', async () => {
    const db = database.db;
    const volumes = [await titleOnLoan('シリーズ 1'), await titleOnLoan('シリーズ 2'), await titleOnLoan('シリーズ 3')];
    const patron = await addPatron(db);
    const outcome = await placeHolds(db, {
      patronId: patron,
      sessionId: 'no-session',
      key: 'series-confirmation-0001',
      recordIds: volumes.map((v) => v.record),
      pickup: 'main',
      contact: 'none',
      rules: config.rules,
      clock,
      inOrder: true,
    });
    expect(outcome.kind).toBe('placed');
    const holds = await db.selectFrom('holds').selectAll().where('patron_id', '=', patron).orderBy('series_position').execute();
    expect(holds.map((h) => [h.series_position, h.series_size])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(holds.map((h) => h.series_after)).toEqual([null, holds[0]!.id, holds[1]!.id]);
    const [one, two, three] = holds.map((h) => h.id) as [number, number, number];

    // Volumes 2 and 3 come back first: passed over, to the shelf (no one else waits).
    expect(await returned(volumes[1]!.barcode)).toMatchObject({ destination: { kind: 'shelf' } });
    expect(await returned(volumes[2]!.barcode)).toMatchObject({ destination: { kind: 'shelf' } });
    expect(await returned(volumes[0]!.barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: one } });
    // Volume 1 on the hold shelf is not finished: volume 2 still waits.
    await lendAgain(volumes[1]!.barcode);
    expect(await returned(volumes[1]!.barcode)).toMatchObject({ destination: { kind: 'shelf' } });
    // Collected: volume 2 is next.
    expect(await checkout(db, await ctx(), { cardNumber: await card(patron), barcode: volumes[0]!.barcode })).toMatchObject({
      kind: 'ok',
      fulfilledHoldId: one,
    });
    await lendAgain(volumes[1]!.barcode);
    expect(await returned(volumes[1]!.barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: two } });
    // Cancelled at the desk: volume 3 is freed.
    expect(await cancelHoldAtDesk(db, await ctx(), { holdId: two, patronId: patron })).toBe(true);
    await lendAgain(volumes[2]!.barcode);
    expect(await returned(volumes[2]!.barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: three } });
  });

  it('a later series title passed over leaves the copy to the next patron in the queue', async () => {
    const db = database.db;
    const first = await titleOnLoan('上巻');
    const second = await titleOnLoan('下巻');
    await seriesOfTwo(await addPatron(db), first.record, second.record);
    const next = await addHold(db, { patron_id: await addPatron(db), record_id: second.record, placed_at: placedAt(10) });
    expect(await returned(second.barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: next } });
  });

  it('looks past a long run of suspended holds (more than one page of the queue) to the first it may serve', async () => {
    const db = database.db;
    const { record, barcode } = await titleOnLoan('長い行列の本');
    for (let i = 0; i < 12; i++) {
      const patron = await addPatron(db);
      const id = await addHold(db, { patron_id: patron, record_id: record, placed_at: placedAt(100 - i) });
      expect(await setSuspension(db, patron, [id], '2026-12-31')).toBe(true);
    }
    const served = await addHold(db, { patron_id: await addPatron(db), record_id: record, placed_at: placedAt(50) });
    expect(await returned(barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: served } });
  });

  it('a series title racing the collection of the one before it: two copies back at once never both go to it, and it is served only once the earlier title is collected', async () => {
    const db = database.db;
    for (let round = 0; round < 6; round++) {
      const first = await titleOnLoan(`順番競合 上 ${round}`);
      const second = await titleOnLoan(`順番競合 下 ${round}`);
      const secondCopy = await addCopy(db, second.record, { status: 'on_loan' });
      await addLoan(db, { copy_id: secondCopy, patron_id: await addPatron(db), checked_out_at: clock.now(), due_date: '2026-12-15' });
      const secondBarcodes = [
        second.barcode,
        (await db.selectFrom('copies').select('barcode').where('id', '=', secondCopy).executeTakeFirstOrThrow()).barcode,
      ];
      const patron = await addPatron(db);
      const { earlier, later } = await seriesOfTwo(patron, first.record, second.record);
      expect(await returned(first.barcode)).toMatchObject({ destination: { kind: 'holdShelf', holdId: earlier } });

      const [collected, ...outcomes] = await Promise.all([
        checkout(db, await ctx(), { cardNumber: await card(patron), barcode: first.barcode }),
        ...secondBarcodes.map((barcode) => returned(barcode)),
      ]);
      expect(collected).toMatchObject({ kind: 'ok', fulfilledHoldId: earlier });
      const trapped = outcomes.filter((o) => o.kind === 'ok' && o.destination.kind === 'holdShelf');
      expect(trapped.length).toBeLessThanOrEqual(1);
      const row = await hold(later);
      const onHoldShelf = await db
        .selectFrom('copies')
        .select('id')
        .where('record_id', '=', second.record)
        .where('status', '=', 'on_hold_shelf')
        .execute();
      if (trapped.length === 1) {
        expect(trapped[0]).toMatchObject({ destination: { kind: 'holdShelf', holdId: later } });
        expect(row).toMatchObject({ status: 'ready' });
        expect(onHoldShelf.map((c) => c.id)).toEqual([row.copy_id]);
      } else {
        // Both copies came back before the collection committed: passed over, the later title still waits.
        expect(row).toMatchObject({ status: 'pending', copy_id: null });
        expect(onHoldShelf).toEqual([]);
      }
    }
  });

  it('a suspension racing a checkin: either the hold is suspended and passed over, or trapped and the suspension refused', async () => {
    const db = database.db;
    for (let round = 0; round < 8; round++) {
      const { record, barcode } = await titleOnLoan(`競合 ${round}`);
      const patron = await addPatron(db);
      const raced = await addHold(db, { patron_id: patron, record_id: record, placed_at: placedAt(5) });
      const [suspended, outcome] = await Promise.all([setSuspension(db, patron, [raced], '2026-12-10'), returned(barcode)]);
      const row = await hold(raced);
      if (suspended) {
        expect(row).toMatchObject({ status: 'pending', suspended_until: '2026-12-10', copy_id: null });
        expect(outcome).toMatchObject({ destination: { kind: 'shelf' } });
      } else {
        expect(row).toMatchObject({ status: 'ready', suspended_until: null });
        expect(outcome).toMatchObject({ destination: { kind: 'holdShelf', holdId: raced } });
      }
    }
  });
});
