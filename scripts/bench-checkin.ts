/**
 * `npm run bench:checkin -- [checkins] [concurrent desks]`: how many checkins
 * a second one process handles, each as the desk does it (the calendar read,
 * then one transaction: lock the copy, close the loan, trap the next hold,
 * queue its notice, audit). Copies of 50 titles are on loan, each title with
 * a queue of holds (mail, phone and none; some for other pickup places), so
 * most checkins trap a hold and a few go back to the shelf. The database is
 * an in-memory PGlite, or the PostgreSQL database in DATABASE_URL (use a
 * scratch one: rows are added).
 */
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { checkin, circulationContext } from '../src/circulation/circulation.repo.ts';
import { type AppDatabase, openMemoryPglite, openPostgres } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { syncPickupPlaces } from '../src/places/places.repo.ts';

const count = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 8);
const TITLES = 50;
const config = loadConfig();

const database: AppDatabase = config.databaseUrl
  ? openPostgres({ url: config.databaseUrl, poolSize: concurrency + 2 })
  : await openMemoryPglite();
await migrateToLatest(database.db);
await syncPickupPlaces(database.db, config.rules.pickupPlaces);
const { db } = database;
const run = Date.now().toString(36);
const now = systemClock.now();

const setupStarted = performance.now();
const staff = await db
  .insertInto('staff')
  .values({ username: `bench-${run}`, password_hash: 'x', role: 'desk' })
  .returning('id')
  .executeTakeFirstOrThrow();
const borrower = await db
  .insertInto('patrons')
  .values({ card_number: '09999999', name: '貸出 中', birth_date: '1990-01-01' })
  .onConflict((oc) => oc.column('card_number').doUpdateSet({ name: '貸出 中' }))
  .returning('id')
  .executeTakeFirstOrThrow();
const places = config.rules.pickupPlaces.map((p) => p.code);
const barcodes: string[] = [];
const perTitle = Math.ceil(count / TITLES);
for (let t = 0; t < TITLES; t++) {
  const record = await db
    .insertInto('records')
    .values({ source_id: `bench-${run}-${t}`, material: 'book', title: `ベンチマーク資料 ${t}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const copies = await db
    .insertInto('copies')
    .values(
      Array.from({ length: perTitle }, (_, i) => ({
        barcode: `B${run}-${t}-${i}`.slice(0, 32),
        record_id: record.id,
        home_place: 'main',
        current_place: 'main',
        status: 'on_loan' as const,
      })),
    )
    .returning(['id', 'barcode'])
    .execute();
  await db
    .insertInto('loans')
    .values(copies.map((c) => ({ copy_id: c.id, patron_id: borrower.id, checked_out_at: now, due_date: '2099-01-01' })))
    .execute();
  barcodes.push(...copies.map((c) => c.barcode));
  // Nine holds in ten copies: most checkins trap, some go back to the shelf.
  const holders = await db
    .insertInto('patrons')
    .values(
      Array.from({ length: Math.floor(perTitle * 0.9) }, (_, i) => ({
        card_number: `0${String(1_000_000 + ((t * perTitle + i) % 8_999_999)).padStart(7, '0')}`.slice(0, 8),
        name: `予約 ${t}-${i}`,
        birth_date: '1990-01-01',
        email: `reader${t}-${i}@example.jp`,
        email_confirmed_at: now,
      })),
    )
    .onConflict((oc) => oc.column('card_number').doUpdateSet({ name: `予約` }))
    .returning('id')
    .execute();
  await db
    .insertInto('holds')
    .values(
      holders.map((p, i) => ({
        patron_id: p.id,
        record_id: record.id,
        pickup_place: places[i % 3 === 0 ? i % places.length : 0]!,
        contact: (['email', 'phone', 'none'] as const)[i % 3]!,
        placed_via: 'web' as const,
        placed_at: new Date(now.getTime() - (perTitle - i) * 1000),
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}
const setupSeconds = (performance.now() - setupStarted) / 1000;

// Interleave titles so concurrent desks mostly work on different records, as at a real counter.
const queue = barcodes
  .map((b, i) => ({ b, key: (i % perTitle) * TITLES + Math.floor(i / perTitle) }))
  .sort((a, b) => a.key - b.key)
  .map((x) => x.b)
  .slice(0, count);
const destinations: Record<string, number> = {};
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let barcode = queue.shift(); barcode !== undefined; barcode = queue.shift()) {
      const ctx = await circulationContext(db, config, systemClock.now(), staff.id);
      const outcome = await checkin(db, ctx, { barcode, place: 'main' });
      const kind = outcome.kind === 'ok' ? outcome.destination.kind : outcome.kind;
      destinations[kind] = (destinations[kind] ?? 0) + 1;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const done = Object.values(destinations).reduce((a, b) => a + b, 0);

console.log(`database: ${database.kind}, ${concurrency} concurrent desks, set-up ${setupSeconds.toFixed(1)} s`);
console.log(
  `checkins: ${done} (${Object.entries(destinations)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')})`,
);
console.log(`${(done / seconds).toFixed(0)} checkins/s (${seconds.toFixed(2)} s) in one process`);
await database.close();
