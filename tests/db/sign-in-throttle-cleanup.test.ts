import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStaleAddressFailures } from '../../src/auth/sign-in-guard.repo.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';

describe.each(databaseKinds)('stale sign-in throttles on %s', (kind) => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('forgets addresses whose window has run out and keeps live ones', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const policy = { attempts: 30, windowMinutes: 15 };
    await database.db
      .insertInto('login_throttles')
      .values([
        { address: '192.0.2.1', window_started_at: new Date(now.getTime() - 16 * 60_000), failures: 30 },
        { address: '192.0.2.2', window_started_at: new Date(now.getTime() - 5 * 60_000), failures: 3 },
      ])
      .execute();
    expect(await deleteStaleAddressFailures(database.db, now, policy)).toBe(1);
    const left = await database.db.selectFrom('login_throttles').select('address').execute();
    expect(left.map((r) => r.address)).toEqual(['192.0.2.2']);
  });
});
