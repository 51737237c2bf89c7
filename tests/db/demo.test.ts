/** The demo library shows every case the README promises, on both databases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AppDatabase } from '../../src/db/database.ts';
import { closedReason } from '../../src/calendar/calendar.rules.ts';
import { refuseDemoLibraryInProduction } from '../../src/demo/demo-fact.ts';
import { seedDemo, seedDemoIfEmpty } from '../../src/demo/seed.ts';
import { addDays, libraryDate } from '../../src/time.ts';
import { TestClock } from '../support/clock.ts';
import { testConfig } from '../support/app.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';

describe.each(databaseKinds)('demo library on %s', (kind) => {
  let database: AppDatabase;
  const clock = new TestClock('2026-11-28T10:00:00+09:00');
  const config = testConfig();
  const today = libraryDate(clock.now(), config.rules.timeZone);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    expect(await seedDemoIfEmpty(database.db, config, clock)).toBe(true);
  }, 120_000);
  afterAll(() => database.close());

  const patronId = async (card: string) =>
    (await database.db.selectFrom('patrons').select('id').where('card_number', '=', card).executeTakeFirstOrThrow()).id;

  it('holds a few hundred records of every material, magazines with several issues', async () => {
    const counts = await database.db
      .selectFrom('records')
      .select(['material', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('material')
      .execute();
    const byMaterial = Object.fromEntries(counts.map((c) => [c.material, Number(c.n)]));
    expect(byMaterial.book).toBeGreaterThanOrEqual(200);
    expect(byMaterial.magazine).toBeGreaterThanOrEqual(10);
    expect(byMaterial.av).toBeGreaterThanOrEqual(8);
    const serials = await database.db
      .selectFrom('records')
      .select(['serial_id', (eb) => eb.fn.countAll<number>().as('issues')])
      .where('serial_id', 'is not', null)
      .groupBy('serial_id')
      .execute();
    expect(serials.some((s) => Number(s.issues) >= 3)).toBe(true);
  });

  it('has copies in every status, and a reference-only copy', async () => {
    const statuses = await database.db.selectFrom('copies').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['in_transit', 'lost', 'on_hold_shelf', 'on_loan', 'on_shelf', 'withdrawn']);
    const reference = await database.db.selectFrom('copies').select('id').where('reference_only', '=', true).execute();
    expect(reference.length).toBeGreaterThan(0);
  });

  it('gives 山田 花子 every kind of loan', async () => {
    const id = await patronId('01000001');
    const loans = await database.db
      .selectFrom('loans')
      .innerJoin('copies', 'copies.id', 'loans.copy_id')
      .innerJoin('records', 'records.id', 'copies.record_id')
      .select(['loans.due_date', 'loans.renewals', 'records.material', 'records.id as record_id'])
      .where('loans.patron_id', '=', id)
      .where('loans.returned_at', 'is', null)
      .execute();
    const heldByOthers = new Set(
      (
        await database.db.selectFrom('holds').select('record_id').where('status', '=', 'pending').where('patron_id', '<>', id).execute()
      ).map((h) => h.record_id),
    );
    expect(loans.some((l) => l.due_date < today)).toBe(true);
    expect(loans.some((l) => l.due_date >= today && l.due_date <= addDays(today, 3))).toBe(true);
    expect(loans.some((l) => l.renewals === 1)).toBe(true);
    expect(loans.some((l) => l.material === 'av')).toBe(true);
    expect(loans.some((l) => heldByOthers.has(l.record_id))).toBe(true);
    expect(loans.some((l) => l.renewals === 0 && l.material !== 'av' && l.due_date >= today && !heldByOthers.has(l.record_id))).toBe(true);
  });

  it('sets every due date and pickup deadline on a day the library is open', async () => {
    const calendar = { weeklyClosedDays: config.rules.weeklyClosedDays, closedOnNationalHolidays: true, closures: new Set<string>() };
    const loans = await database.db.selectFrom('loans').select('due_date').execute();
    const holds = await database.db.selectFrom('holds').select('pickup_deadline').where('pickup_deadline', 'is not', null).execute();
    for (const date of [...loans.map((l) => l.due_date), ...holds.map((h) => h.pickup_deadline!)]) {
      expect(closedReason(date, calendar), date).toBeNull();
    }
  });

  it('has pending, in-transit and ready holds, one ready hold past its deadline', async () => {
    const holds = await database.db.selectFrom('holds').select(['status', 'pickup_deadline', 'pickup_place']).execute();
    expect(new Set(holds.map((h) => h.status))).toEqual(new Set(['pending', 'in_transit', 'ready']));
    expect(holds.some((h) => h.status === 'ready' && h.pickup_deadline! < today)).toBe(true);
    expect(holds.some((h) => h.pickup_place.startsWith('bm-'))).toBe(true);
  });

  it('has the patrons the README lists', async () => {
    const patrons = await database.db.selectFrom('patrons').selectAll().execute();
    const card = (n: string) => patrons.find((p) => p.card_number === n)!;
    expect(card('01000001').email_confirmed_at).not.toBeNull();
    expect(card('01000002').email).toBeNull();
    expect(card('01000003')).toMatchObject({ password_hash: null, legacy_birth_date_password: true });
    expect(card('01000004').email_confirmed_at).toBeNull();
    expect(card('01000005').email_undeliverable_at).not.toBeNull();
    const misaki = await sql<{ material: string; n: number }>`
      SELECT r.material, count(*)::int AS n FROM holds h JOIN records r ON r.id = h.record_id
      WHERE h.patron_id = ${card('01000004').id} AND h.status IN ('pending', 'in_transit', 'ready')
      GROUP BY r.material`.execute(database.db);
    expect(Object.fromEntries(misaki.rows.map((r) => [r.material, Number(r.n)]))).toEqual({ book: 9, av: 1 });
    expect(patrons.filter((p) => p.password_hash !== null).every((p) => p.password_hash!.startsWith('$argon2id$'))).toBe(true);
  });

  it('has one admin staff account and bookmobile stations', async () => {
    const staff = await database.db.selectFrom('staff').select(['username', 'role']).execute();
    expect(staff).toEqual([{ username: 'librarian', role: 'admin' }]);
    const stations = await database.db.selectFrom('pickup_places').select('name_ja').where('kind', '=', 'bookmobile').execute();
    expect(stations.length).toBeGreaterThanOrEqual(2);
    expect(stations.every((s) => s.name_ja.startsWith('BM'))).toBe(true);
    const timetables = await database.db
      .selectFrom('bookmobile_timetables')
      .select(['station', 'every_weeks', 'arrives_at'])
      .orderBy('station')
      .execute();
    expect(timetables).toEqual([
      { station: 'bm-kita', every_weeks: 1, arrives_at: '10:00' },
      { station: 'bm-minato', every_weeks: 2, arrives_at: '10:00' },
      { station: 'bm-sakura', every_weeks: 2, arrives_at: '13:30' },
    ]);
  });

  it('is loaded once: an existing catalog is left alone and a second seed is refused', async () => {
    expect(await seedDemoIfEmpty(database.db, config, clock)).toBe(false);
    await expect(seedDemo(database.db, config, clock)).rejects.toThrow(/already loaded/);
  });

  it('is remembered, so a production start on this database refuses, naming it', async () => {
    await expect(refuseDemoLibraryInProduction(database.db, config)).resolves.toBeUndefined();
    const production = { ...config, production: true };
    await expect(refuseDemoLibraryInProduction(database.db, production)).rejects.toThrow(
      /^NODE_ENV=production, but the embedded database in \/nonexistent-test-data holds the demo library .*: point DATA_DIR at/,
    );
    const server = { ...production, databaseUrl: 'postgresql://app:secret@db.example.jp:5432/library' };
    await expect(refuseDemoLibraryInProduction(database.db, server)).rejects.toThrow(
      /the database "library" on db\.example\.jp:5432 holds the demo library .*: point DATABASE_URL at/,
    );
  });
});
