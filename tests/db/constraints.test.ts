/** The database itself refuses states the library must never be in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/db/database.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';

describe.each(databaseKinds)('database constraints on %s', (kind) => {
  let database: AppDatabase;
  let patron: number;
  let other: number;
  let record: number;
  let copy: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    patron = await addPatron(database.db);
    other = await addPatron(database.db);
    record = await addRecord(database.db);
    copy = await addCopy(database.db, record);
  });
  afterAll(() => database.close());

  it('refuses a second open loan of one copy, allows it once returned', async () => {
    const db = database.db;
    const first = await addLoan(db, { copy_id: copy, patron_id: patron, checked_out_at: new Date(), due_date: '2026-12-15' });
    await expect(addLoan(db, { copy_id: copy, patron_id: other, checked_out_at: new Date(), due_date: '2026-12-15' })).rejects.toThrow();
    await db
      .updateTable('loans')
      .set({ returned_at: new Date(Date.now() + 1000) })
      .where('id', '=', first)
      .execute();
    await expect(addLoan(db, { copy_id: copy, patron_id: other, checked_out_at: new Date(), due_date: '2026-12-15' })).resolves.toBeTypeOf(
      'number',
    );
  });

  it('refuses a second active hold of one patron on one record, allows one after cancelling', async () => {
    const db = database.db;
    const r = await addRecord(db);
    const first = await addHold(db, { patron_id: patron, record_id: r });
    await expect(addHold(db, { patron_id: patron, record_id: r })).rejects.toThrow();
    await db.updateTable('holds').set({ status: 'cancelled', closed_at: new Date() }).where('id', '=', first).execute();
    await expect(addHold(db, { patron_id: patron, record_id: r })).resolves.toBeTypeOf('number');
  });

  it('refuses one copy trapped for two holds', async () => {
    const db = database.db;
    const r = await addRecord(db);
    const c = await addCopy(db, r);
    const readyValues = { status: 'ready' as const, copy_id: c, ready_at: new Date(), pickup_deadline: '2026-12-08' };
    await addHold(db, { patron_id: patron, record_id: r, ...readyValues });
    await expect(addHold(db, { patron_id: other, record_id: r, ...readyValues })).rejects.toThrow();
  });

  it.each([
    ['a card number with a space', { card_number: '0123 4567' }],
    ['a full-width card number', { card_number: '０１２３４５６７' }],
    ['a phone with letters', { phone: '03-1234' }],
    ['an empty name', { name: '' }],
  ])('refuses a patron with %s', async (_label, values) => {
    await expect(addPatron(database.db, values)).rejects.toThrow();
  });

  it('refuses unknown status values, materials, contact methods and pickup places', async () => {
    const db = database.db;
    await expect(
      db
        .updateTable('copies')
        .set({ status: 'borrowed' as never })
        .where('id', '=', copy)
        .execute(),
    ).rejects.toThrow();
    await expect(addRecord(db, { material: 'scroll' as never })).rejects.toThrow();
    const r = await addRecord(db);
    await expect(addHold(db, { patron_id: patron, record_id: r, contact: 'fax' as never })).rejects.toThrow();
    await expect(addHold(db, { patron_id: patron, record_id: r, pickup_place: 'nowhere' })).rejects.toThrow();
    await expect(addHold(db, { patron_id: patron, record_id: r, status: 'ready' })).rejects.toThrow();
  });

  it('refuses rows pointing at things that do not exist', async () => {
    const db = database.db;
    await expect(addCopy(db, 999_999)).rejects.toThrow();
    await expect(
      addLoan(db, { copy_id: 999_999, patron_id: patron, checked_out_at: new Date(), due_date: '2026-12-15' }),
    ).rejects.toThrow();
    await expect(addHold(db, { patron_id: 999_999, record_id: record })).rejects.toThrow();
  });

  it('refuses a magazine without its serial and an ISBN that is not ISBN-13 digits', async () => {
    await expect(addRecord(database.db, { material: 'magazine' })).rejects.toThrow();
    await expect(addRecord(database.db, { isbn: '4-00-430416-4' })).rejects.toThrow();
  });

  it('refuses a reference-only copy on loan and a bookmobile station not named BM', async () => {
    const db = database.db;
    const r = await addRecord(db);
    await expect(addCopy(db, r, { reference_only: true, status: 'on_loan' })).rejects.toThrow();
    await expect(
      db.insertInto('pickup_places').values({ code: 'bm-x', name_ja: '北公民館', name_en: 'North', kind: 'bookmobile' }).execute(),
    ).rejects.toThrow();
  });
});
