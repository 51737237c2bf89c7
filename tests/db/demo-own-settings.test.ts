/** The demo library loaded under a library's own settings uses its places, card pattern and limits, on PGlite and PostgreSQL (Issue 18). */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed.ts';
import { syncPickupPlaces } from '../../src/places/places.repo.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { ownSettingsConfig } from '../support/own-settings.ts';

describe.each(databaseKinds)('the demo library under other settings on %s', (kind) => {
  let database: AppDatabase;
  const clock = new TestClock('2026-12-01T10:00:00+09:00');
  afterEach(() => database.close());

  /** What `npm start` does on an empty database: the configured places, then the demo. */
  async function loadDemo(config: Config): Promise<AppDatabase['db']> {
    database = await createTestDatabase(kind);
    await syncPickupPlaces(database.db, config.rules.pickupPlaces);
    expect(await seedDemoIfEmpty(database.db, config, clock)).toBe(true);
    return database.db;
  }

  const codesOf = (places: Config['rules']['pickupPlaces'], kind: 'library' | 'bookmobile') =>
    places.filter((p) => p.kind === kind).map((p) => p.code);

  it('keeps copies at the configured libraries, holds at its places, cards in its pattern and a patron one short of its limits', async () => {
    const config = ownSettingsConfig();
    const db = await loadDemo(config);
    const homes = await db.selectFrom('copies').select('home_place').distinct().orderBy('home_place').execute();
    expect(homes.map((c) => c.home_place)).toEqual(['honkan', 'kita']);
    const pickups = await db.selectFrom('holds').select('pickup_place').distinct().orderBy('pickup_place').execute();
    expect(pickups.map((h) => h.pickup_place)).toEqual(['bm-eki', 'bm-koen', 'honkan']);
    // Its own stations get the demo's timetables, and no place the configuration lacks does.
    const timetables = await db.selectFrom('bookmobile_timetables').select('station').orderBy('station').execute();
    expect(timetables.map((t) => t.station)).toEqual(codesOf(config.rules.pickupPlaces, 'bookmobile').sort());
    const cards = await db.selectFrom('patrons').select('card_number').orderBy('card_number').execute();
    expect(cards[0]?.card_number).toBe('2001000001');
    expect(cards.every((c) => new RegExp(config.rules.cardNumberPattern).test(c.card_number))).toBe(true);
    const misaki = await db
      .selectFrom('holds')
      .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
      .select('holds.id')
      .where('patrons.card_number', '=', '2001000004')
      .where('holds.status', 'in', ['pending', 'in_transit', 'ready'])
      .execute();
    expect(misaki).toHaveLength(config.rules.holdLimits.total - 1);
  }, 120_000);

  it('loads under the example configuration for 筑紫野市民図書館: one library and its 「BM」 stations', async () => {
    const config = loadConfig({ LIBRARY_CONFIG: path.resolve('config/chikushino.example.json'), DATA_DIR: '/nonexistent-test-data' });
    const db = await loadDemo(config);
    const homes = await db.selectFrom('copies').select('home_place').distinct().execute();
    expect(homes.map((c) => c.home_place)).toEqual(codesOf(config.rules.pickupPlaces, 'library'));
    const pickups = await db.selectFrom('holds').select('pickup_place').distinct().execute();
    const stations = codesOf(config.rules.pickupPlaces, 'bookmobile');
    expect(pickups.filter((h) => stations.includes(h.pickup_place))).toHaveLength(3);
    const timetables = await db.selectFrom('bookmobile_timetables').select('station').execute();
    expect(timetables.map((t) => t.station).sort()).toEqual([...stations].sort());
    const cards = await db.selectFrom('patrons').select('card_number').orderBy('card_number').execute();
    expect(cards[0]?.card_number).toBe('01000001');
  }, 120_000);
});
