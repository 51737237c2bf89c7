/**
 * The catalog's pages on a real streaming replica (pg_basebackup -R) of a
 * real primary: read from the replica while it keeps up, from the primary
 * when it lags or is gone, and still served from the replica when the
 * primary is down.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importEntries, parseCatalogFile } from '../../src/catalog/catalog.import.ts';
import { type AppDatabase, openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { type CatalogReads, type ReplicaState, withReplica } from '../../src/db/read-replica.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { findPostgresBin, type PostgresCluster, startPostgresCluster, startReplicaOf } from '../support/postgres-cluster.ts';

const bin = findPostgresBin();
const header = 'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes,av_format';

describe.skipIf(!bin)('the catalog on a read replica', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  let database: AppDatabase;
  /** Uses the replica however far behind it is: what it answers shows where a page read. */
  let patient: CatalogReads;
  /** Leaves the replica once it is a second behind. */
  let strict: CatalogReads;
  const config = testConfig();
  const appWith = (catalogReads: CatalogReads) =>
    createApp({ db: database.db, databaseKind: 'postgres', config, clock: new TestClock(), assets: loadAssets(), catalogReads });
  const found = async (catalogReads: CatalogReads, title: string) => {
    const response = await appWith(catalogReads).request(`/search?q=${encodeURIComponent(title)}`);
    expect(response.status).toBe(200);
    return (await response.text()).includes(`${title}</`);
  };
  const readyz = async (catalogReads: CatalogReads) => {
    const response = await appWith(catalogReads).request('/readyz');
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const addRecord = (id: string, title: string) =>
    importEntries(database.db, parseCatalogFile('catalog.csv', Buffer.from(`${header}\n${id},book,${title},,,,,2026,,,,,,${id},`)), {
      libraryPlaces: ['main'],
      now: new Date(),
    });
  const until = async (what: () => boolean, seconds = 20) => {
    for (let waited = 0; !what(); waited += 0.2) {
      if (waited > seconds) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const stateIs = (reads: CatalogReads, state: ReplicaState) => () => reads.state() === state;

  beforeAll(async () => {
    primary = startPostgresCluster(bin!);
    database = openPostgres({ url: primary.url('postgres') });
    await migrateToLatest(database.db);
    await database.db.insertInto('pickup_places').values({ code: 'main', name_ja: '本館', name_en: 'Main', kind: 'library' }).execute();
    await addRecord('first', '最初の本');
    replica = startReplicaOf(bin!, primary);
    patient = withReplica(database.db, openPostgres({ url: replica.url('postgres') }), 86_400);
    strict = withReplica(database.db, openPostgres({ url: replica.url('postgres') }), 1);
    await until(stateIs(patient, 'ready'));
    await until(stateIs(strict, 'ready'));
  }, 120_000);
  afterAll(async () => {
    await patient?.close();
    await strict?.close();
    await database?.close();
    replica?.stop();
    primary?.stop();
  });

  it('reads search from the replica, and from the primary once the replica lags', async () => {
    expect(await found(patient, '最初の本')).toBe(true);
    const onReplica = openPostgres({ url: replica.url('postgres') });
    try {
      await sql`select pg_wal_replay_pause()`.execute(onReplica.db);
      await addRecord('second', '二番目の本');
      // The patient reader still uses the replica, which has not replayed the new record.
      expect(await found(patient, '二番目の本')).toBe(false);
      expect((await readyz(patient)).body).toMatchObject({ status: 'ready', replica: 'ready' });
      await until(stateIs(strict, 'lagging'));
      expect(await found(strict, '二番目の本')).toBe(true);
      expect((await readyz(strict)).body).toMatchObject({ status: 'ready', replica: 'lagging' });
      await sql`select pg_wal_replay_resume()`.execute(onReplica.db);
      await until(stateIs(strict, 'ready'));
      expect(await found(patient, '二番目の本')).toBe(true);
    } finally {
      await onReplica.close();
    }
  }, 60_000);

  it('falls back to the primary when the replica stops mid-run, and returns to it', async () => {
    replica.pause();
    try {
      // The first read after the stop fails on the replica and is answered from the primary.
      expect(await found(patient, '最初の本')).toBe(true);
      expect(patient.state()).toBe('unreachable');
      const ready = await readyz(patient);
      expect([ready.status, ready.body.replica]).toEqual([200, 'unreachable']);
    } finally {
      replica.resume();
    }
    await until(stateIs(patient, 'ready'));
    expect(await found(patient, '最初の本')).toBe(true);
  }, 60_000);

  it('keeps the catalog open from the replica while the primary is down', async () => {
    primary.pause();
    try {
      expect(await found(patient, '二番目の本')).toBe(true);
      expect((await readyz(patient)).status).toBe(503);
    } finally {
      primary.resume();
    }
  }, 60_000);
});
