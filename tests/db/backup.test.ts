/** backup and restore: a round trip on both databases, and a restore that never lands on a library's data. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AppDatabase } from '../../src/db/database.ts';
import { openPglite, openPostgres } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { backupDatabase, restoreDatabase } from '../../src/ops/backup.ts';
import { testConfig } from '../support/app.ts';
import { createPostgresDatabaseUrl, databaseKinds } from '../support/db.ts';

const workDir = mkdtempSync(path.join(tmpdir(), 'backup-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A record only this library has, so the copy is seen to be of its data. */
async function addRecord(database: AppDatabase): Promise<void> {
  await sql`insert into records (source_id, material, title, title_kana) values ('backup-test', 'book', '図書館戦争', 'トショカン センソウ')`.execute(
    database.db,
  );
}

async function recordTitles(database: AppDatabase): Promise<string[]> {
  const { rows } = await sql<{ title: string }>`select title from records where source_id = 'backup-test'`.execute(database.db);
  return rows.map((row) => row.title);
}

describe('backup and restore of the embedded database', () => {
  it('copies the whole data folder into an empty DATA_DIR and refuses one that holds a database', async () => {
    const source = testConfig({ dataDir: path.join(workDir, 'source') });
    const database = await openPglite(source.dataDir);
    await migrateToLatest(database.db);
    await addRecord(database);
    await database.close();

    const file = path.join(workDir, 'library.backup');
    expect(await backupDatabase(source, file)).toContain(file);
    await expect(backupDatabase(source, file)).rejects.toThrow(/already exists/);

    const target = testConfig({ dataDir: path.join(workDir, 'target') });
    expect(await restoreDatabase(target, file)).toContain(target.dataDir);
    const restored = await openPglite(target.dataDir);
    try {
      expect(await recordTitles(restored)).toEqual(['図書館戦争']);
    } finally {
      await restored.close();
    }
    await expect(restoreDatabase(target, file)).rejects.toThrow(/already holds a database/);
  }, 120_000);
});

describe.skipIf(!databaseKinds.includes('postgres'))('backup and restore on a PostgreSQL server', () => {
  it('copies the whole database into an empty one and refuses a non-empty one', async () => {
    const source = await createPostgresDatabaseUrl();
    const target = await createPostgresDatabaseUrl({ empty: true });
    try {
      const database = openPostgres({ url: source.url, poolSize: 1 });
      await addRecord(database);
      await database.close();
      const file = path.join(workDir, 'server.backup');
      await backupDatabase(testConfig({ databaseUrl: source.url }), file);

      await expect(restoreDatabase(testConfig({ databaseUrl: source.url }), file)).rejects.toThrow(/not empty/);
      const embeddedBackup = path.join(workDir, 'embedded.backup');
      writeFileSync(embeddedBackup, gzipSync('not a dump'));
      await expect(restoreDatabase(testConfig({ databaseUrl: target.url }), embeddedBackup)).rejects.toThrow(
        /not a backup of a PostgreSQL database/,
      );
      await restoreDatabase(testConfig({ databaseUrl: target.url }), file);
      const restored = openPostgres({ url: target.url, poolSize: 1 });
      try {
        expect(await recordTitles(restored)).toEqual(['図書館戦争']);
        // The schema came along whole: migrating the copy finds nothing to do.
        expect(await migrateToLatest(restored.db)).toEqual([]);
      } finally {
        await restored.close();
      }
    } finally {
      await source.drop();
      await target.drop();
    }
  }, 120_000);
});
