import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStaleAddressFailures, deleteStaleSignInCounts } from '../../src/auth/sign-in-guard.repo.ts';
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

describe.each(databaseKinds)('stale sign-in counts on %s', (kind) => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('forgets counts with no attempt for a day unless they are locked', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    await database.db
      .insertInto('sign_in_counts')
      .values([
        { realm: 'patron', name: '01000001', failures: 4, last_attempt_at: hoursAgo(25) },
        { realm: 'patron', name: '01000002', failures: 2, last_attempt_at: hoursAgo(23) },
        { realm: 'patron', name: '01000003', failures: 5, locked_until: hoursAgo(-1), last_attempt_at: hoursAgo(25) },
        { realm: 'staff', name: 'sato', failures: 5, locked_until: hoursAgo(24), last_attempt_at: hoursAgo(25) },
      ])
      .execute();
    expect(await deleteStaleSignInCounts(database.db, now)).toBe(2);
    const left = await database.db.selectFrom('sign_in_counts').select('name').orderBy('name').execute();
    expect(left.map((r) => r.name)).toEqual(['01000002', '01000003']);
  });
});
