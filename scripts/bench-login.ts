/**
 * `npm run bench:login -- [rounds]`: the time of POST /login through the
 * whole app (session, CSRF, throttle, argon2) with a known card (right and
 * wrong password) and with an unknown card, on an in-memory PGlite or the
 * PostgreSQL database in DATABASE_URL (use a scratch one: a patron is added).
 * An unknown card must cost the same as a known one, or response times
 * would tell which card numbers exist. The rounds interleave the three kinds
 * so a warming cache or a busy neighbour affects all alike.
 */
import { createApp } from '../src/app.ts';
import { hashPassword } from '../src/auth/password-hash.ts';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { type AppDatabase, openMemoryPglite, openPostgres } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAssets } from '../src/http/assets.ts';

const rounds = Number(process.argv[2] ?? 40);
const warmup = 5;
const loaded = loadConfig({ ...process.env, WORKER: '0' });
// Neither the lockout nor the throttle may step in: the bench measures the full check every time.
const config = {
  ...loaded,
  rules: { ...loaded.rules, lockout: { threshold: 100, minutes: 1 }, addressThrottle: { attempts: 100_000, windowMinutes: 1 } },
};
const database: AppDatabase = config.databaseUrl ? openPostgres({ url: config.databaseUrl }) : await openMemoryPglite();
await migrateToLatest(database.db);
const card = '09999901';
await database.db
  .insertInto('patrons')
  .values({ card_number: card, name: '計測 用', birth_date: '1990-01-02', password_hash: await hashPassword('bench42') })
  .onConflict((oc) => oc.column('card_number').doNothing())
  .execute();
await database.db.deleteFrom('sign_in_counts').where('realm', '=', 'patron').where('name', '=', card).execute();
const app = createApp({ db: database.db, databaseKind: database.kind, config, clock: systemClock, assets: loadAssets() });

/** One sign-in from a fresh anonymous visitor; returns the milliseconds of the POST alone. */
async function timeSignIn(cardNumber: string, password: string, expected: number): Promise<number> {
  const page = await app.request('http://localhost/login');
  const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const body = new URLSearchParams({ _csrf: csrf, card_number: cardNumber, password });
  const started = performance.now();
  const response = await app.request('http://localhost/login', {
    method: 'POST',
    body,
    headers: { Cookie: cookie, Origin: 'http://localhost', 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status} for card ${cardNumber}`);
  return ms;
}

const kinds = {
  'known card, right password': () => timeSignIn(card, 'bench42', 303),
  'known card, wrong password': () => timeSignIn(card, 'wrong42', 422),
  'unknown card': () => timeSignIn('09999902', 'bench42', 422),
};
const times: Record<keyof typeof kinds, number[]> = {
  'known card, right password': [],
  'known card, wrong password': [],
  'unknown card': [],
};
for (let round = 0; round < warmup + rounds; round += 1) {
  for (const [name, run] of Object.entries(kinds) as [keyof typeof kinds, () => Promise<number>][]) {
    const ms = await run();
    if (round >= warmup) times[name].push(ms);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
console.log(`database: ${database.kind}, ${rounds} rounds after ${warmup} warm-up rounds`);
for (const [name, values] of Object.entries(times)) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`${name.padEnd(28)} median ${median(values).toFixed(1)} ms, mean ${mean.toFixed(1)} ms`);
}
const unknown = median(times['unknown card']);
for (const known of ['known card, right password', 'known card, wrong password'] as const) {
  const difference = (Math.abs(median(times[known]) - unknown) / unknown) * 100;
  console.log(`${known} vs unknown card: ${difference.toFixed(1)}% apart (must be under 10%)`);
}
await database.close();
