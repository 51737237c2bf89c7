import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type AppDatabase, type DatabaseKind, openMemoryPglite, openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import { createPostgresDatabaseUrl, databaseKinds } from '../support/db.ts';

async function emptyDatabase(kind: DatabaseKind): Promise<AppDatabase> {
  if (kind === 'pglite') return openMemoryPglite();
  const created = await createPostgresDatabaseUrl({ empty: true });
  const database = openPostgres({ url: created.url, poolSize: 2 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await created.drop();
    },
  };
}

describe.each(databaseKinds)('a migration numbered before applied ones, on %s', (kind) => {
  it('is applied, not refused as out of order', async () => {
    const database = await emptyDatabase(kind);
    try {
      const names = Object.keys(migrations);
      const middle = names[names.length - 2]!;
      const older = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== middle));
      expect(await migrateToLatest(database.db, older)).toEqual(names.filter((n) => n !== middle));
      expect(await migrateToLatest(database.db)).toEqual([middle]);
    } finally {
      await database.close();
    }
  });
});

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await emptyDatabase(kind);
  });
  afterAll(() => database.close());

  it('apply from zero, then find nothing left to do', async () => {
    const applied = await migrateToLatest(database.db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(database.db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'audit_log',
        'cart_items',
        'copies',
        'email_confirmations',
        'holds',
        'job_runs',
        'library_closures',
        'library_facts',
        'library_settings',
        'loans',
        'login_throttles',
        'outbox',
        'patrons',
        'pickup_places',
        'records',
        'reservation_confirmations',
        'serials',
        'sessions',
        'sign_in_counts',
        'sign_in_unlocks',
        'site_secrets',
        'staff',
      ]),
    );
  });

  it("leave the short-lived rows' tables for vacuum never to truncate (its lock holds every request reading them)", async () => {
    await migrateToLatest(database.db);
    const options = await sql<{ relname: string; reloptions: string[] | null }>`
      SELECT relname, reloptions FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND 'vacuum_truncate=false' = ANY (reloptions)
       ORDER BY relname`.execute(database.db);
    expect(options.rows.map((r) => r.relname)).toEqual(['cart_items', 'login_throttles', 'sessions', 'sign_in_counts']);
  });
});

describe.each(databaseKinds)('every migration undone on %s', (kind) => {
  it('steps down to nothing one migration at a time, then up again to latest', async () => {
    const database = await emptyDatabase(kind);
    try {
      const names = Object.keys(migrations);
      await migrateToLatest(database.db);
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: () => Promise.resolve(migrations) },
        allowUnorderedMigrations: true,
      });
      const undone: string[] = [];
      for (let step = 0; step < names.length; step++) {
        const { error, results } = await migrator.migrateDown();
        expect(error).toBeUndefined();
        expect(results).toHaveLength(1);
        expect(results![0]).toMatchObject({ direction: 'Down', status: 'Success' });
        undone.push(results![0]!.migrationName);
      }
      expect(undone).toEqual([...names].reverse());
      expect(await appTables(database)).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual(names);
    } finally {
      await database.close();
    }
  });
});

describe.each(databaseKinds)('a database the demo filled before it was remembered, on %s', (kind) => {
  it('is marked as holding the demo library by the migration that adds library_facts', async () => {
    const database = await emptyDatabase(kind);
    try {
      const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '20261204_0001_library_facts'));
      await migrateToLatest(database.db, earlier);
      await database.db.insertInto('serials').values({ source_id: 'demo-serial-1', title: '週刊ニュース', title_kana: '' }).execute();
      expect(await migrateToLatest(database.db)).toContain('20261204_0001_library_facts');
      expect(await database.db.selectFrom('library_facts').select('fact').execute()).toEqual([{ fact: 'demo-library' }]);
    } finally {
      await database.close();
    }
  });
});

describe.each(databaseKinds)('locks kept on account rows before counts were per name, on %s', (kind) => {
  it('move to sign_in_counts, and back when the step is undone', async () => {
    const database = await emptyDatabase(kind);
    try {
      const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '20261205_0001_sign_in_unlock'));
      await migrateToLatest(database.db, earlier);
      const lockedUntil = new Date('2026-12-05T10:30:00Z');
      await sql`INSERT INTO patrons (card_number, name, birth_date, failed_logins, locked_until)
                VALUES ('01000001', 'a', '1990-01-02', 5, ${lockedUntil}), ('01000002', 'b', '1990-01-02', 2, NULL),
                       ('01000003', 'c', '1990-01-02', 0, NULL)`.execute(database.db);
      await sql`INSERT INTO staff (username, password_hash, role, failed_logins) VALUES ('sato', 'x', 'desk', 3)`.execute(database.db);
      // Up to this step only: later steps would be undone first by migrateDown below.
      const through = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '20261205_0001_sign_in_unlock'));
      expect(await migrateToLatest(database.db, through)).toEqual(['20261205_0001_sign_in_unlock']);
      const counts = await database.db
        .selectFrom('sign_in_counts')
        .select(['realm', 'name', 'failures', 'locks', 'locked_until'])
        .orderBy('realm')
        .orderBy('name')
        .execute();
      expect(counts).toEqual([
        { realm: 'patron', name: '01000001', failures: 5, locks: 1, locked_until: lockedUntil },
        { realm: 'patron', name: '01000002', failures: 2, locks: 0, locked_until: null },
        { realm: 'staff', name: 'sato', failures: 3, locks: 0, locked_until: null },
      ]);

      const migrator = new Migrator({ db: database.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
      expect((await migrator.migrateDown()).error).toBeUndefined();
      const patrons = await sql<{ card_number: string; failed_logins: number; locked_until: Date | null }>`
        SELECT card_number, failed_logins, locked_until FROM patrons ORDER BY card_number`.execute(database.db);
      expect(patrons.rows).toEqual([
        { card_number: '01000001', failed_logins: 5, locked_until: lockedUntil },
        { card_number: '01000002', failed_logins: 2, locked_until: null },
        { card_number: '01000003', failed_logins: 0, locked_until: null },
      ]);
    } finally {
      await database.close();
    }
  });
});

/** Tables and routines left in the public schema, beside Kysely's own bookkeeping. */
async function appTables(database: AppDatabase): Promise<string[]> {
  const left = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_migration%'
    UNION ALL
    SELECT routine_name FROM information_schema.routines WHERE routine_schema = 'public'
    ORDER BY name`.execute(database.db);
  return left.rows.map((r) => r.name);
}

describe.each(databaseKinds)('the catalog stamps, stepped down, on %s', (kind) => {
  it('leave the record counts kept by the triggers as they were before them', async () => {
    const database = await emptyDatabase(kind);
    try {
      await migrateToLatest(database.db);
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
      const { results } = await migrator.migrateDown();
      expect(results).toMatchObject([{ migrationName: '20261210_0002_catalog_stamps', status: 'Success' }]);
      await sql`INSERT INTO records (source_id, material, title, search_text) VALUES ('a', 'book', '鶉', '鶉|'), ('b', 'av', '鷸', '鷸|')`.execute(
        database.db,
      );
      await sql`UPDATE records SET material = 'book' WHERE source_id = 'b'`.execute(database.db);
      await sql`DELETE FROM records WHERE source_id = 'a'`.execute(database.db);
      const counts = await sql<{ material: string; records: number }>`SELECT * FROM record_counts ORDER BY material`.execute(database.db);
      expect(counts.rows).toEqual([
        { material: 'av', records: 0 },
        { material: 'book', records: 1 },
      ]);
    } finally {
      await database.close();
    }
  });
});
