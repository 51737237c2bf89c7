/**
 * The demo library on an in-memory PGlite behind a real HTTP server, for the
 * browser benchmarks: the pages they measure have the demo's loans and holds.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { openMemoryPglite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { loadAssets } from '../src/http/assets.ts';
import { sessionCookieName } from '../src/http/session.ts';
import { syncPickupPlaces } from '../src/places/places.repo.ts';
import { buildServiceWorker } from '../src/pwa/sw.build.ts';

/** 山田 花子: loans of every kind and holds in every state, the fullest account page. */
export const DEMO_PATRON = { cardNumber: '01000001', password: 'hanako1' };

export interface DemoServer {
  url: string;
  /** A record id of the demo catalog that is reservable by the demo patron. */
  reservableRecordId: number;
  /** Signs the demo patron in over HTTP; returns the session cookie's name and value. */
  signIn(): Promise<{ name: string; value: string }>;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  await buildServiceWorker();
  const config = loadConfig({ ...process.env, WORKER: '0', DATABASE_URL: '' });
  const database = await openMemoryPglite();
  await migrateToLatest(database.db);
  await syncPickupPlaces(database.db, config.rules.pickupPlaces);
  await seedDemo(database.db, config, systemClock);
  // A book of which no copy is on the shelf and that 山田 花子 neither holds nor borrows: 「カートに入れる」 shows on its page.
  const reservable = await database.db
    .selectFrom('records as r')
    .select('r.id')
    .where('r.material', '=', 'book')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('copies').select('id').whereRef('copies.record_id', '=', 'r.id').where('status', '=', 'on_shelf'))),
    )
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('copies').select('id').whereRef('copies.record_id', '=', 'r.id').where('status', '=', 'on_loan')),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('holds')
            .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
            .select('holds.id')
            .whereRef('holds.record_id', '=', 'r.id')
            .where('patrons.card_number', '=', DEMO_PATRON.cardNumber),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('loans')
            .innerJoin('copies', 'copies.id', 'loans.copy_id')
            .innerJoin('patrons', 'patrons.id', 'loans.patron_id')
            .select('loans.id')
            .whereRef('copies.record_id', '=', 'r.id')
            .where('loans.returned_at', 'is', null)
            .where('patrons.card_number', '=', DEMO_PATRON.cardNumber),
        ),
      ),
    )
    .orderBy('r.id')
    .executeTakeFirstOrThrow();
  const app = createApp({ db: database.db, databaseKind: database.kind, config, clock: systemClock, assets: loadAssets() });
  const { url, close } = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
  const cookieName = sessionCookieName(config.secureCookies);
  return {
    url,
    reservableRecordId: reservable.id,
    async signIn() {
      const form = await fetch(`${url}/login`);
      const anonymous = form.headers.getSetCookie()[0]!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const response = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: anonymous, Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, card_number: DEMO_PATRON.cardNumber, password: DEMO_PATRON.password }),
      });
      const session = response.headers
        .getSetCookie()
        .map((line) => line.split(';')[0]!)
        .find((pair) => pair.startsWith(`${cookieName}=`));
      if (response.status !== 303 || !session) throw new Error(`demo sign-in failed: ${response.status}`);
      return { name: cookieName, value: session.slice(cookieName.length + 1) };
    },
    async close() {
      await close();
      await database.close();
    },
  };
}
