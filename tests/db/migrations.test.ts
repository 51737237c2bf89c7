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
        'site_secrets',
        'staff',
      ]),
    );
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
