/**
 * Circulation on PGlite and PostgreSQL: checkout refusals and due dates,
 * checkin trapping (FIFO, transit, notices), receive, expiry, the call list,
 * and the concurrency the row locks exist for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelHoldAtDesk,
  checkin,
  checkout,
  circulationContext,
  type CirculationContext,
  listCalls,
  listHoldShelf,
  markCalled,
  receiveCopy,
} from '../../src/circulation/circulation.repo.ts';
import { insertCopies } from '../../src/catalog/catalog.repo.ts';
import { expireHoldsOncePerDay, trapNewlyLoanableIssues } from '../../src/circulation/circulation.jobs.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';

const config = testConfig();

describe.each(databaseKinds)('circulation on %s', (kind) => {
  let database: AppDatabase;
  let clock: TestClock;
  let staffId: number;

  beforeEach(async () => {
    database = await createTestDatabase(kind, { poolSize: 20 });
    // 2026-12-01 is a Tuesday; the library closes on Mondays.
    clock = new TestClock('2026-12-01T10:00:00+09:00');
    const staff = await database.db
      .insertInto('staff')
      .values({ username: 'desk1', password_hash: 'x', role: 'desk' })
      .returning('id')
      .executeTakeFirstOrThrow();
    staffId = staff.id;
  });
  afterEach(async () => {
    await database.close();
  });

  const ctx = (): Promise<CirculationContext> => circulationContext(database.db, config, clock.now(), staffId);
  const card = async (patronId: number) =>
    (await database.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow()).card_number;
  const barcode = async (copyId: number) =>
    (await database.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow()).barcode;
  const hold = (id: number) => database.db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const copy = (id: number) => database.db.selectFrom('copies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function lent(copyId: number, patronId?: number) {
    const borrower = patronId ?? (await addPatron(database.db));
    await addLoan(database.db, { copy_id: copyId, patron_id: borrower, checked_out_at: clock.now(), due_date: '2026-12-15' });
    await database.db.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', copyId).execute();
    return borrower;
  }

  it('finds a copy by its barcode in any case and keeps it as imported', async () => {
    const db = database.db;
    const record = await addRecord(db);
    expect(await insertCopies(db, [{ barcode: 'Rmmyl-B1', recordId: record, place: 'main', shelfMark: '913' }])).toBe(1);
    expect(await insertCopies(db, [{ barcode: 'RMMYL-B1', recordId: record, place: 'main', shelfMark: '913' }])).toBe(0);
    const cardNumber = await card(await addPatron(db));
    expect(await checkout(db, await ctx(), { cardNumber, barcode: 'RMMYL-B1' })).toMatchObject({ kind: 'ok' });
    expect(await checkin(db, await ctx(), { barcode: 'rmmyl-b1', place: 'main' })).toMatchObject({ kind: 'ok', barcode: 'Rmmyl-B1' });
    expect(await receiveCopy(db, await ctx(), { barcode: 'RMMYL-B1', place: 'main' })).toMatchObject({ kind: 'notInTransit' });
  });

  describe('checkout', () => {
    it('lends for the loan period, moving a due date off a closed day, and audits it', async () => {
      const db = database.db;
      const patron = await addPatron(db);
      const c = await addCopy(db, await addRecord(db));
      // 2026-12-01 + 14 = 2026-12-15 (Tuesday); close it and the loan is due the 16th.
      await db
        .insertInto('library_closures')
        .values({ closed_on: '2026-12-15', closed_until: '2026-12-15', reason: '館内整理日' })
        .execute();
      const outcome = await checkout(db, await ctx(), { cardNumber: await card(patron), barcode: await barcode(c) });
      expect(outcome).toMatchObject({ kind: 'ok', dueDate: '2026-12-16', fulfilledHoldId: null });
      expect((await copy(c)).status).toBe('on_loan');
      const log = await db.selectFrom('audit_log').selectAll().execute();
      expect(log).toMatchObject([{ action: 'checkout', staff_id: staffId, patron_id: patron, copy_id: c }]);
    });

    it('refuses with the reason the desk can act on, changing nothing', async () => {
      const db = database.db;
      const record = await addRecord(db);
      const patron = await addPatron(db);
      const cardNumber = await card(patron);
      const other = await addPatron(db);
      const onLoan = await addCopy(db, record);
      await lent(onLoan, other);
      const mine = await addCopy(db, record);
      await lent(mine, patron);
      const reference = await addCopy(db, record, { reference_only: true });
      const lost = await addCopy(db, record, { status: 'lost' });
      const withdrawn = await addCopy(db, record, { status: 'withdrawn' });
      const heldForOther = await addCopy(db, record, { status: 'on_hold_shelf' });
      await addHold(db, {
        patron_id: other,
        record_id: record,
        status: 'ready',
        copy_id: heldForOther,
        trapped_at: clock.now(),
        ready_at: clock.now(),
        pickup_deadline: '2026-12-08',
      });
      const cases: [number, string][] = [
        [onLoan, 'onLoan'],
        [mine, 'alreadyOnLoanToPatron'],
        [reference, 'referenceOnly'],
        [lost, 'lost'],
        [withdrawn, 'withdrawn'],
        [heldForOther, 'heldForOther'],
      ];
      for (const [copyId, reason] of cases) {
        expect(await checkout(db, await ctx(), { cardNumber, barcode: await barcode(copyId) })).toMatchObject({ kind: 'refused', reason });
      }
      const free = await barcode(await addCopy(db, await addRecord(db)));
      await db.updateTable('patrons').set({ expires_on: '2026-11-30' }).where('id', '=', patron).execute();
      expect(await checkout(db, await ctx(), { cardNumber, barcode: free })).toMatchObject({ reason: 'patronExpired' });
      await db.updateTable('patrons').set({ blocked_reason: '延滞' }).where('id', '=', patron).execute();
      expect(await checkout(db, await ctx(), { cardNumber, barcode: free })).toMatchObject({ reason: 'patronBlocked' });
      expect(await checkout(db, await ctx(), { cardNumber: '09999999', barcode: free })).toEqual({ kind: 'unknownPatron' });
      expect(await checkout(db, await ctx(), { cardNumber, barcode: 'NOPE' })).toEqual({ kind: 'unknownCopy' });
      expect(await db.selectFrom('loans').select('id').execute()).toHaveLength(2);
      expect(await db.selectFrom('audit_log').select('id').execute()).toHaveLength(0);
    });

    it('two desks checking out one copy at once: exactly one succeeds', async () => {
      const db = database.db;
      const c = await barcode(await addCopy(db, await addRecord(db)));
      const cards = [await card(await addPatron(db)), await card(await addPatron(db))];
      const outcomes = await Promise.all(cards.map(async (cardNumber) => checkout(db, await ctx(), { cardNumber, barcode: c })));
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['ok', 'refused']);
      expect(outcomes.find((o) => o.kind === 'refused')).toMatchObject({ reason: 'onLoan' });
      expect(await db.selectFrom('loans').select('id').execute()).toHaveLength(1);
    });
  });

  describe('checkin and trapping', () => {
    it('closes the loan and sends the copy to the shelf when nobody waits', async () => {
      const db = database.db;
      const c = await addCopy(db, await addRecord(db));
      await lent(c);
      const outcome = await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' });
      expect(outcome).toMatchObject({ kind: 'ok', destination: { kind: 'shelf', place: 'main' } });
      expect((await copy(c)).status).toBe('on_shelf');
      const loans = await db.selectFrom('loans').select(['returned_at', 'returned_by']).execute();
      expect(loans).toEqual([{ returned_at: clock.now(), returned_by: staffId }]);
    });

    it('sends a copy returned at another place with no hold back home in transit, onto the shelf once received there', async () => {
      const db = database.db;
      const c = await addCopy(db, await addRecord(db), { home_place: 'main', current_place: 'main' });
      await lent(c);
      const outcome = await checkin(db, await ctx(), { barcode: await barcode(c), place: 'minami' });
      expect(outcome).toMatchObject({ kind: 'ok', event: 'returned', destination: { kind: 'transitHome', homePlace: 'main' } });
      expect(await copy(c)).toMatchObject({ status: 'in_transit', current_place: 'minami' });
      // Received at another branch on its way, it is sent on home again; at home it goes to the shelf.
      expect(await receiveCopy(db, await ctx(), { barcode: await barcode(c), place: 'minami' })).toMatchObject({
        destination: { kind: 'transitHome', homePlace: 'main' },
      });
      expect(await receiveCopy(db, await ctx(), { barcode: await barcode(c), place: 'main' })).toMatchObject({
        kind: 'ok',
        event: 'received',
        destination: { kind: 'shelf', place: 'main' },
      });
      expect(await copy(c)).toMatchObject({ status: 'on_shelf', current_place: 'main' });
    });

    it('keeps a returned copy where it was returned when the collection floats', async () => {
      const db = database.db;
      const c = await addCopy(db, await addRecord(db), { home_place: 'main', current_place: 'main' });
      await lent(c);
      const floating = await circulationContext(
        db,
        { ...config, rules: { ...config.rules, floatingCollection: true } },
        clock.now(),
        staffId,
      );
      const outcome = await checkin(db, floating, { barcode: await barcode(c), place: 'minami' });
      expect(outcome).toMatchObject({ kind: 'ok', destination: { kind: 'shelf', place: 'minami' } });
      expect(await copy(c)).toMatchObject({ status: 'on_shelf', current_place: 'minami' });
    });

    it('traps for the oldest pending hold whose patron can take it; e-mail notice queued with the deadline', async () => {
      const db = database.db;
      const record = await addRecord(db, { title: '吾輩は猫である' });
      const c = await addCopy(db, record);
      await lent(c);
      const blocked = await addPatron(db, { blocked_reason: '延滞' });
      const reader = await addPatron(db, { email: 'reader@example.jp', email_confirmed_at: clock.now(), locale: 'en' });
      const later = await addPatron(db);
      const t0 = new Date('2026-11-01T00:00:00Z');
      const skipped = await addHold(db, { patron_id: blocked, record_id: record, placed_at: t0, contact: 'none' });
      const first = await addHold(db, { patron_id: reader, record_id: record, placed_at: new Date(t0.getTime() + 1000), contact: 'email' });
      const second = await addHold(db, { patron_id: later, record_id: record, placed_at: new Date(t0.getTime() + 2000) });
      const outcome = await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' });
      expect(outcome).toMatchObject({
        kind: 'ok',
        destination: { kind: 'holdShelf', holdId: first, pickupPlace: 'main', cardNumber: await card(reader) },
      });
      // 2026-12-01 + 7 = 2026-12-08 (Tuesday, open).
      expect(await hold(first)).toMatchObject({
        status: 'ready',
        copy_id: c,
        pickup_deadline: '2026-12-08',
        notified_at: clock.now(),
        call_needed: false,
      });
      expect((await hold(skipped)).status).toBe('pending');
      expect((await hold(second)).status).toBe('pending');
      expect(await copy(c)).toMatchObject({ status: 'on_hold_shelf', current_place: 'main' });
      const mail = await db.selectFrom('outbox').selectAll().execute();
      expect(mail).toMatchObject([
        {
          to_address: 'reader@example.jp',
          template: 'hold-ready',
          locale: 'en',
          patron_id: reader,
          data: { title: '吾輩は猫である', place: 'main', deadline: '2026-12-08' },
        },
      ]);
    });

    it('a phone hold or an undeliverable address goes to the call list; 連絡不要 sends nothing', async () => {
      const db = database.db;
      const cases = [
        { contact: 'phone' as const, patron: {}, call: true },
        {
          contact: 'email' as const,
          patron: { email: 'gone@example.jp', email_confirmed_at: clock.now(), email_undeliverable_at: clock.now() },
          call: true,
        },
        { contact: 'email' as const, patron: { email: 'new@example.jp' }, call: true },
        { contact: 'none' as const, patron: {}, call: false },
      ];
      const holds: number[] = [];
      for (const { contact, patron } of cases) {
        const record = await addRecord(db);
        const c = await addCopy(db, record);
        await lent(c);
        holds.push(await addHold(db, { patron_id: await addPatron(db, patron), record_id: record, contact }));
        await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' });
      }
      for (const [i, { call }] of cases.entries()) {
        expect(await hold(holds[i]!)).toMatchObject({ status: 'ready', call_needed: call, notified_at: null });
      }
      expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(0);
      const calls = await listCalls(db);
      expect(calls.map((c) => c.holdId)).toEqual(holds.slice(0, 3));
      // A call on Thursday the 3rd: the deadline counts from it (2026-12-10).
      clock.set('2026-12-03T11:00:00+09:00');
      expect(await markCalled(db, await ctx(), holds[0]!)).toBe(true);
      expect(await markCalled(db, await ctx(), holds[0]!)).toBe(false);
      expect(await hold(holds[0]!)).toMatchObject({ notified_at: clock.now(), called_by: staffId, pickup_deadline: '2026-12-10' });
      expect((await listCalls(db)).map((c) => c.holdId)).toEqual(holds.slice(1, 3));
    });

    it('a hold for another pickup place goes in transit and becomes ready when received there', async () => {
      const db = database.db;
      const record = await addRecord(db);
      const c = await addCopy(db, record);
      await lent(c);
      const h = await addHold(db, { patron_id: await addPatron(db), record_id: record, pickup_place: 'bm-kita' });
      const b = await barcode(c);
      expect(await checkin(db, await ctx(), { barcode: b, place: 'main' })).toMatchObject({
        destination: { kind: 'transit', pickupPlace: 'bm-kita' },
      });
      expect(await hold(h)).toMatchObject({ status: 'in_transit', copy_id: c, pickup_deadline: null });
      expect((await copy(c)).status).toBe('in_transit');
      expect(await receiveCopy(db, await ctx(), { barcode: b, place: 'minami' })).toMatchObject({
        kind: 'wrongPlace',
        pickupPlace: 'bm-kita',
      });
      clock.advanceDays(1);
      expect(await receiveCopy(db, await ctx(), { barcode: b, place: 'bm-kita' })).toMatchObject({
        kind: 'ok',
        destination: { kind: 'holdShelf' },
      });
      expect(await hold(h)).toMatchObject({ status: 'ready', pickup_deadline: '2026-12-09' });
      expect(await copy(c)).toMatchObject({ status: 'on_hold_shelf', current_place: 'bm-kita' });
      expect(await receiveCopy(db, await ctx(), { barcode: b, place: 'bm-kita' })).toMatchObject({ kind: 'notInTransit' });
      const actions = await db.selectFrom('audit_log').select('action').orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['checkin', 'receive']);
    });

    it('checking out the ready copy fulfils the hold', async () => {
      const db = database.db;
      const record = await addRecord(db);
      const c = await addCopy(db, record);
      await lent(c);
      const patron = await addPatron(db);
      const h = await addHold(db, { patron_id: patron, record_id: record });
      await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' });
      const outcome = await checkout(db, await ctx(), { cardNumber: await card(patron), barcode: await barcode(c) });
      expect(outcome).toMatchObject({ kind: 'ok', fulfilledHoldId: h });
      expect(await hold(h)).toMatchObject({ status: 'fulfilled', closed_reason: 'checked_out' });
    });

    it('cancelling a ready hold at the desk passes the copy to the next hold', async () => {
      const db = database.db;
      const record = await addRecord(db);
      const c = await addCopy(db, record);
      await lent(c);
      const first = await addPatron(db);
      const h1 = await addHold(db, { patron_id: first, record_id: record, placed_at: new Date('2026-11-01T00:00:00Z') });
      const h2 = await addHold(db, { patron_id: await addPatron(db), record_id: record, placed_at: new Date('2026-11-02T00:00:00Z') });
      await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' });
      expect(await cancelHoldAtDesk(db, await ctx(), { holdId: h1, patronId: first })).toBe(true);
      expect(await cancelHoldAtDesk(db, await ctx(), { holdId: h1, patronId: first })).toBe(false);
      expect(await hold(h1)).toMatchObject({ status: 'cancelled', closed_reason: 'cancelled_by_staff' });
      expect(await hold(h2)).toMatchObject({ status: 'ready', copy_id: c });
    });
  });

  describe('magazine issues', () => {
    it('the latest issue stays in; once a newer one arrives, its holds are trapped like returned copies', async () => {
      const db = database.db;
      const serial = await db
        .insertInto('serials')
        .values({ source_id: 'serial-1', title: '月刊テスト' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const issue = (label: string, date: string) =>
        addRecord(db, { material: 'magazine', serial_id: serial.id, issue_label: label, issue_date: date, title: `月刊テスト ${label}` });
      const november = await issue('11月号', '2026-11-01');
      const c = await addCopy(db, november);
      const patron = await addPatron(db);
      const h = await addHold(db, { patron_id: patron, record_id: november, contact: 'none' });
      expect(await checkout(db, await ctx(), { cardNumber: await card(patron), barcode: await barcode(c) })).toMatchObject({
        reason: 'latestIssue',
      });
      expect(await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' })).toMatchObject({
        destination: { kind: 'shelf' },
      });
      expect(await trapNewlyLoanableIssues(db, config, clock.now())).toBe(0);
      await issue('12月号', '2026-12-01');
      expect(await trapNewlyLoanableIssues(db, config, clock.now())).toBe(1);
      expect(await hold(h)).toMatchObject({ status: 'ready', copy_id: c });
      expect(await trapNewlyLoanableIssues(db, config, clock.now())).toBe(0);
      expect(await checkout(db, await ctx(), { cardNumber: await card(patron), barcode: await barcode(c) })).toMatchObject({
        kind: 'ok',
        fulfilledHoldId: h,
      });
    });
  });

  describe('hold-shelf expiry', () => {
    it('expires ready holds past their deadline once a day and passes the copy on', async () => {
      const db = database.db;
      const record = await addRecord(db);
      const c = await addCopy(db, record);
      await lent(c);
      const h1 = await addHold(db, { patron_id: await addPatron(db), record_id: record, placed_at: new Date('2026-11-01T00:00:00Z') });
      const h2 = await addHold(db, { patron_id: await addPatron(db), record_id: record, placed_at: new Date('2026-11-02T00:00:00Z') });
      await checkin(db, await ctx(), { barcode: await barcode(c), place: 'main' });
      expect((await listHoldShelf(db, '2026-12-09')).map((s) => [s.holdId, s.expired])).toEqual([[h1, true]]);
      // Deadline 2026-12-08: still waiting that day.
      clock.set('2026-12-08T23:00:00+09:00');
      expect(await expireHoldsOncePerDay(db, config, clock.now())).toBe(0);
      expect(await expireHoldsOncePerDay(db, config, clock.now())).toBeNull();
      clock.set('2026-12-09T00:30:00+09:00');
      const runs = await Promise.all([expireHoldsOncePerDay(db, config, clock.now()), expireHoldsOncePerDay(db, config, clock.now())]);
      expect(runs.filter((r) => r !== null)).toEqual([1]);
      expect(await hold(h1)).toMatchObject({ status: 'expired', closed_reason: 'not_collected' });
      // 2026-12-09 + 7 = 2026-12-16 (Wednesday).
      expect(await hold(h2)).toMatchObject({ status: 'ready', copy_id: c, pickup_deadline: '2026-12-16' });
      const expiry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'hold-expired').execute();
      expect(expiry).toMatchObject([{ staff_id: null, hold_id: h1, copy_id: c }]);
    });
  });

  describe('concurrency', () => {
    it('100 concurrent checkins of one record with 500 pending holds: each copy to one hold, in FIFO order', async () => {
      const db = database.db;
      const record = await addRecord(db);
      const borrower = await addPatron(db);
      const copies: string[] = [];
      for (let i = 0; i < 100; i++) {
        const c = await addCopy(db, record, { barcode: `C${String(i).padStart(5, '0')}`, status: 'on_loan' });
        copies.push(`C${String(i).padStart(5, '0')}`);
        await addLoan(db, { copy_id: c, patron_id: borrower, checked_out_at: clock.now(), due_date: '2026-12-15' });
      }
      const patrons = await db
        .insertInto('patrons')
        .values(
          Array.from({ length: 500 }, (_, i) => ({ card_number: `0${String(5000000 + i)}`, name: `待ち ${i}`, birth_date: '1990-01-01' })),
        )
        .returning('id')
        .execute();
      const base = new Date('2026-11-01T00:00:00Z').getTime();
      await db
        .insertInto('holds')
        .values(
          patrons.map((p, i) => ({
            patron_id: p.id,
            record_id: record,
            pickup_place: i % 2 === 0 ? 'main' : 'minami',
            contact: 'none' as const,
            placed_via: 'web' as const,
            placed_at: new Date(base + i * 1000),
          })),
        )
        .execute();
      const context = await ctx();
      const outcomes = await Promise.all(copies.map((b) => checkin(db, context, { barcode: b, place: 'main' })));
      expect(outcomes.every((o) => o.kind === 'ok' && o.destination.kind !== 'shelf')).toBe(true);
      const trapped = await db
        .selectFrom('holds')
        .select(['id', 'copy_id', 'status', 'placed_at'])
        .where('status', 'in', ['ready', 'in_transit'])
        .orderBy('placed_at')
        .execute();
      expect(trapped).toHaveLength(100);
      expect(new Set(trapped.map((h) => h.copy_id)).size).toBe(100);
      // FIFO: the 100 trapped are exactly the 100 oldest.
      const oldest = await db.selectFrom('holds').select('id').orderBy('placed_at').orderBy('id').limit(100).execute();
      expect(trapped.map((h) => h.id).sort((a, b) => a - b)).toEqual(oldest.map((h) => h.id).sort((a, b) => a - b));
      const pending = await db
        .selectFrom('holds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      expect(Number(pending.n)).toBe(400);
      const openLoans = await db.selectFrom('loans').select('id').where('returned_at', 'is', null).execute();
      expect(openLoans).toHaveLength(0);
    });
  });
});
