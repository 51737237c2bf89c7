/**
 * The database side of the lockout and the per-address throttle. Counts
 * live in the database so every web process shares them, and each change
 * is one SQL statement, so concurrent wrong passwords can neither lose a
 * count nor lock an account twice. `table` names the accounts (patrons or
 * staff: both have failed_logins and locked_until).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AddressFailures, AddressThrottlePolicy, LockoutPolicy } from './auth.rules.ts';

type Db = Kysely<Database>;

export type SignInAccountTable = 'patrons' | 'staff';

export interface LockoutState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/**
 * Counts one failed attempt and locks the account at the threshold. A lock
 * that has run out starts the count again. An account locked meanwhile (by
 * a concurrent attempt) is left as it is and its lock returned.
 */
export async function recordFailedSignIn(db: Db, table: SignInAccountTable, id: number, now: Date, policy: LockoutPolicy): Promise<LockoutState> {
  const lockEnd = new Date(now.getTime() + policy.minutes * 60_000);
  const nextCount = sql`CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END`;
  const updated = await sql<{ failed_logins: number; locked_until: Date | null }>`
    UPDATE ${sql.table(table)}
       SET failed_logins = ${nextCount},
           locked_until = CASE WHEN ${nextCount} >= ${policy.threshold} THEN ${lockEnd}::timestamptz ELSE NULL END
     WHERE id = ${id} AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
     RETURNING failed_logins, locked_until`.execute(db);
  const row =
    updated.rows[0] ??
    (await sql<{ failed_logins: number; locked_until: Date | null }>`
      SELECT failed_logins, locked_until FROM ${sql.table(table)} WHERE id = ${id}`.execute(db)).rows[0];
  return { failedLogins: row?.failed_logins ?? 0, lockedUntil: row?.locked_until ?? null };
}

/** A successful sign-in (or staff unlocking the account) clears the count and the lock. */
export async function clearFailedSignIns(db: Db, table: SignInAccountTable, id: number): Promise<void> {
  await sql`UPDATE ${sql.table(table)} SET failed_logins = 0, locked_until = NULL
             WHERE id = ${id} AND (failed_logins <> 0 OR locked_until IS NOT NULL)`.execute(db);
}

/** The address's failures in its current window, if it has any. */
export async function findAddressFailures(db: Db, address: string): Promise<AddressFailures | undefined> {
  const row = await db.selectFrom('login_throttles').select(['window_started_at', 'failures']).where('address', '=', address).executeTakeFirst();
  return row && { windowStartedAt: row.window_started_at, failures: row.failures };
}

/** Counts one failure for the address; a window that has run out starts again at this one. */
export async function recordAddressFailure(db: Db, address: string, now: Date, policy: AddressThrottlePolicy): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
  await db
    .insertInto('login_throttles')
    .values({ address, window_started_at: now, failures: 1 })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        failures: sql`CASE WHEN login_throttles.window_started_at <= ${windowStart}::timestamptz THEN 1 ELSE login_throttles.failures + 1 END`,
        window_started_at: sql`CASE WHEN login_throttles.window_started_at <= ${windowStart}::timestamptz THEN ${now}::timestamptz ELSE login_throttles.window_started_at END`,
      }),
    )
    .execute();
}
