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

/** The account's count and lock after one more failure; matches no row for a null id or an account locked now. */
function accountFailure(table: SignInAccountTable, id: number | null, now: Date, policy: LockoutPolicy) {
  const lockEnd = new Date(now.getTime() + policy.minutes * 60_000);
  const nextCount = sql`CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END`;
  return sql<{ failed_logins: number; locked_until: Date | null }>`
    UPDATE ${sql.table(table)}
       SET failed_logins = ${nextCount},
           locked_until = CASE WHEN ${nextCount} >= ${policy.threshold} THEN ${lockEnd}::timestamptz ELSE NULL END
     WHERE id = ${id}::integer AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
     RETURNING failed_logins, locked_until`;
}

/** One more failure for the address; a window that has run out starts again at this one. */
function addressFailure(address: string, now: Date, policy: AddressThrottlePolicy) {
  const windowOver = sql`login_throttles.window_started_at <= ${new Date(now.getTime() - policy.windowMinutes * 60_000)}::timestamptz`;
  return sql`
    INSERT INTO login_throttles (address, window_started_at, failures) VALUES (${address}, ${now}::timestamptz, 1)
    ON CONFLICT (address) DO UPDATE SET
      failures = CASE WHEN ${windowOver} THEN 1 ELSE login_throttles.failures + 1 END,
      window_started_at = CASE WHEN ${windowOver} THEN ${now}::timestamptz ELSE login_throttles.window_started_at END
    RETURNING failures, window_started_at`;
}

export interface FailedAttempt {
  table: SignInAccountTable;
  /** The account to count against: null when the card is unknown, has no password, or is locked already. */
  id: number | null;
  address: string;
}

/**
 * Counts one failure against the address and, if one is given, the account,
 * in one statement whether or not there is an account, so a failure on an
 * unknown card takes as long as one on a known card. Returns the account's
 * new state, or null when no account was counted (none given, or locked
 * meanwhile by a concurrent attempt).
 */
export async function recordFailedAttempt(
  db: Db,
  attempt: FailedAttempt,
  now: Date,
  policy: { lockout: LockoutPolicy; addressThrottle: AddressThrottlePolicy },
): Promise<LockoutState | null> {
  const result = await sql<{ failed_logins: number; locked_until: Date | null }>`
    WITH address AS (${addressFailure(attempt.address, now, policy.addressThrottle)})
    ${accountFailure(attempt.table, attempt.id, now, policy.lockout)}`.execute(db);
  const row = result.rows[0];
  return row ? { failedLogins: row.failed_logins, lockedUntil: row.locked_until } : null;
}

/** An attempt as counted before its password is checked. */
export interface CountedAttempt {
  /** The address's attempts in its window, this one included. */
  address: AddressFailures;
  /** The account's state with this attempt counted; null when none was given, the address is over its limit, or the account is locked. */
  account: LockoutState | null;
}

/**
 * Counts an attempt against the address and the account BEFORE its
 * password is checked, in one statement, so concurrent attempts each see
 * the ones before them: only the first `threshold` attempts on an account
 * and the first `attempts` from an address get to a password check. An
 * attempt past the account's threshold locks it at once, though the
 * failures that used up the count may still be checking their passwords.
 * The account is not counted when the address is over its limit.
 */
export async function countAttempt(
  db: Db,
  attempt: FailedAttempt,
  now: Date,
  policy: { lockout: LockoutPolicy; addressThrottle: AddressThrottlePolicy },
): Promise<CountedAttempt> {
  const lockEnd = new Date(now.getTime() + policy.lockout.minutes * 60_000);
  const nextCount = sql`CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END`;
  const result = await sql<{ failures: number; window_started_at: Date; failed_logins: number | null; locked_until: Date | null }>`
    WITH address AS (${addressFailure(attempt.address, now, policy.addressThrottle)}),
    account AS (
      UPDATE ${sql.table(attempt.table)}
         SET failed_logins = LEAST(${nextCount}, ${policy.lockout.threshold}),
             locked_until = CASE WHEN ${nextCount} > ${policy.lockout.threshold} THEN ${lockEnd}::timestamptz ELSE NULL END
       WHERE id = ${attempt.id}::integer AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
         AND (SELECT failures FROM address) <= ${policy.addressThrottle.attempts}
      RETURNING failed_logins, locked_until)
    SELECT address.failures, address.window_started_at, account.failed_logins, account.locked_until
      FROM address LEFT JOIN account ON true`.execute(db);
  const row = result.rows[0]!;
  return {
    address: { failures: row.failures, windowStartedAt: row.window_started_at },
    account: row.failed_logins === null ? null : { failedLogins: row.failed_logins, lockedUntil: row.locked_until },
  };
}

/**
 * After a wrong password: locks the account when the attempts counted on it
 * have reached the threshold, unless it is locked already. Returns the
 * account's state.
 */
export async function lockIfSpent(db: Db, table: SignInAccountTable, id: number, now: Date, policy: LockoutPolicy): Promise<LockoutState> {
  const lockEnd = new Date(now.getTime() + policy.minutes * 60_000);
  await sql`UPDATE ${sql.table(table)} SET locked_until = ${lockEnd}::timestamptz
             WHERE id = ${id} AND failed_logins >= ${policy.threshold}
               AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)`.execute(db);
  return findLockoutState(db, table, id);
}

/**
 * After a right password: clears the account's count, unless a concurrent
 * attempt locked it meanwhile (then false: the lock stands and nobody signs
 * in), and gives the address back the attempt, so successes never throttle
 * a shared terminal.
 */
export async function settleSuccess(db: Db, table: SignInAccountTable, id: number, address: string, now: Date): Promise<boolean> {
  const result = await sql`
    WITH refund AS (UPDATE login_throttles SET failures = failures - 1 WHERE address = ${address} AND failures > 0)
    UPDATE ${sql.table(table)} SET failed_logins = 0, locked_until = NULL
     WHERE id = ${id} AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
    RETURNING id`.execute(db);
  return result.rows.length > 0;
}

/** The account's count and lock as stored, read again when a concurrent attempt locked it first. */
export async function findLockoutState(db: Db, table: SignInAccountTable, id: number): Promise<LockoutState> {
  const result = await sql<{ failed_logins: number; locked_until: Date | null }>`
    SELECT failed_logins, locked_until FROM ${sql.table(table)} WHERE id = ${id}`.execute(db);
  const row = result.rows[0];
  return { failedLogins: row?.failed_logins ?? 0, lockedUntil: row?.locked_until ?? null };
}

/** A successful sign-in (or staff unlocking the account) clears the count and the lock. */
export async function clearFailedSignIns(db: Db, table: SignInAccountTable, id: number): Promise<void> {
  await sql`UPDATE ${sql.table(table)} SET failed_logins = 0, locked_until = NULL
             WHERE id = ${id} AND (failed_logins <> 0 OR locked_until IS NOT NULL)`.execute(db);
}

/** The address's failures in its current window, if it has any. */
export async function findAddressFailures(db: Db, address: string): Promise<AddressFailures | undefined> {
  const row = await db
    .selectFrom('login_throttles')
    .select(['window_started_at', 'failures'])
    .where('address', '=', address)
    .executeTakeFirst();
  return row && { windowStartedAt: row.window_started_at, failures: row.failures };
}

/** Forgets addresses whose throttle window has run out, so the table holds only live windows (run by the worker). */
export async function deleteStaleAddressFailures(db: Db, now: Date, policy: AddressThrottlePolicy): Promise<number> {
  const result = await db
    .deleteFrom('login_throttles')
    .where('window_started_at', '<=', new Date(now.getTime() - policy.windowMinutes * 60_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
