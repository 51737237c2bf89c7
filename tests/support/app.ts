/**
 * An app over a fresh test database, called in-process with app.request:
 * no server, no mocks. The clock is a TestClock the test moves.
 */
import { createApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { AppDatabase, DatabaseKind } from '../../src/db/database.ts';
import { loadAssets, type Assets } from '../../src/http/assets.ts';
import { TestClock } from './clock.ts';
import { createTestDatabase } from './db.ts';

export interface TestContext {
  app: ReturnType<typeof createApp>;
  database: AppDatabase;
  db: AppDatabase['db'];
  clock: TestClock;
  config: Config;
  close(): Promise<void>;
}

let assets: Assets | undefined;

/** Config for tests: the SPEC defaults, mail kept in the outbox, no worker. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ DATA_DIR: '/nonexistent-test-data', WORKER: '0' }), ...overrides };
}

export async function createTestContext(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await createTestDatabase(kind);
  const clock = new TestClock();
  const config = testConfig(overrides);
  assets ??= loadAssets();
  const app = createApp({ db: database.db, databaseKind: database.kind, config, clock, assets });
  return { app, database, db: database.db, clock, config, close: () => database.close() };
}
