/**
 * The database side of the lockout and the per-address throttle. Counts
 * live in the database so every web process shares them, and each change
 * is one SQL statement, so concurrent wrong passwords can neither lose a
 * count nor lock a name twice. Counts are kept per name (a normalised card
 * number or staff username, SPEC §1), whether or not an account has that
 * name, so a lock and the tries left never tell a known card from an
 * unknown one. A name without a row has no failures and no lock.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, SignInRealm } from '../db/schema.ts';
import type { AddressFailures, AddressThrottlePolicy, LockPolicy } from './auth.rules.ts';

type Db = Kysely<Database>;

/** Whose count: a card number in the patron realm, a username in the staff realm. */
export interface SignInName {
  realm: SignInRealm;
  name: string;
}

export interface LockoutState {
  failures: number;
  lockedUntil: Date | null;
}

/** How long a count with no attempt is kept: a day later the name starts again at no failures (the worker deletes it). */
const COUNT_KEPT_MS = 24 * 3_600_000;

/** The end of a lock set now: the first lock's length, doubled per lock since the last success (`locks`), at most the longest. */
function lockEnd(now: Date, policy: LockPolicy, locks: ReturnType<typeof sql>) {
  return sql`(${now}::timestamptz + LEAST(${policy.firstLockSeconds}::float8 * power(2, LEAST(${locks}, 16)), ${policy.longestLockSeconds}::float8) * interval '1 second')`;
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

/** An attempt as counted before its password is checked. */
export interface CountedAttempt {
  /** The address's attempts in its window, this one included. */
  address: AddressFailures;
  /** The name's state with this attempt counted; null when the address is over its limit or the name is locked. */
  account: LockoutState | null;
  /** This attempt set the lock (a concurrent overflow), so the lock's one unlock mail is this attempt's to send. */
  lockedNow: boolean;
}

/**
 * Counts an attempt against the address and the name BEFORE its password
 * is checked, in one statement, so concurrent attempts each see the ones
 * before them: only the first `threshold` attempts on a name and the first
 * `attempts` from an address get to a password check. An attempt past the
 * name's threshold locks it at once, though the failures that used up the
 * count may still be checking their passwords. The name is not counted when
 * the address is over its limit. A count whose lock has ended starts again
 * at this attempt.
 */
export async function countAttempt(
  db: Db,
  attempt: SignInName & { address: string },
  now: Date,
  policy: { lock: LockPolicy; addressThrottle: AddressThrottlePolicy },
): Promise<CountedAttempt> {
  const { threshold } = policy.lock;
  const nextCount = sql`CASE WHEN c.locked_until IS NOT NULL THEN 1 ELSE c.failures + 1 END`;
  const result = await sql<{ failures: number; window_started_at: Date; name_failures: number | null; locked_until: Date | null }>`
    WITH address AS (${addressFailure(attempt.address, now, policy.addressThrottle)}),
    counted AS (
      INSERT INTO sign_in_counts AS c (realm, name, failures, last_attempt_at)
      SELECT ${attempt.realm}, ${attempt.name}, 1, ${now}::timestamptz
       WHERE (SELECT failures FROM address) <= ${policy.addressThrottle.attempts}
      ON CONFLICT (realm, name) DO UPDATE SET
        failures = LEAST(${nextCount}, ${threshold}),
        locked_until = CASE WHEN ${nextCount} > ${threshold} THEN ${lockEnd(now, policy.lock, sql`c.locks`)} ELSE NULL END,
        locks = CASE WHEN ${nextCount} > ${threshold} THEN c.locks + 1 ELSE c.locks END,
        last_attempt_at = ${now}::timestamptz
      WHERE c.locked_until IS NULL OR c.locked_until <= ${now}::timestamptz
      RETURNING c.failures, c.locked_until)
    SELECT address.failures, address.window_started_at, counted.failures AS name_failures, counted.locked_until
      FROM address LEFT JOIN counted ON true`.execute(db);
  const row = result.rows[0]!;
  return {
    address: { failures: row.failures, windowStartedAt: row.window_started_at },
    account: row.name_failures === null ? null : { failures: row.name_failures, lockedUntil: row.locked_until },
    lockedNow: row.locked_until !== null,
  };
}

/**
 * After a wrong password: locks the name when the attempts counted on it
 * have reached the threshold, unless it is locked already. Returns the
 * name's state, and whether this call set the lock.
 */
export async function lockIfSpent(db: Db, who: SignInName, now: Date, policy: LockPolicy): Promise<LockoutState & { lockedNow: boolean }> {
  const result = await sql<{ failures: number; locked_until: Date }>`
    UPDATE sign_in_counts SET locked_until = ${lockEnd(now, policy, sql`locks`)}, locks = locks + 1
     WHERE realm = ${who.realm} AND name = ${who.name} AND failures >= ${policy.threshold}
       AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
    RETURNING failures, locked_until`.execute(db);
  const row = result.rows[0];
  if (row) return { failures: row.failures, lockedUntil: row.locked_until, lockedNow: true };
  return { ...(await findLockoutState(db, who)), lockedNow: false };
}

/**
 * After a right password: forgets the name's count, unless a concurrent
 * attempt locked it meanwhile (then false: the lock stands and nobody signs
 * in), and gives the address back the attempt, so successes never throttle
 * a shared terminal.
 */
export async function settleSuccess(db: Db, who: SignInName, address: string, now: Date): Promise<boolean> {
  const result = await sql`
    WITH refund AS (UPDATE login_throttles SET failures = failures - 1 WHERE address = ${address} AND failures > 0)
    DELETE FROM sign_in_counts
     WHERE realm = ${who.realm} AND name = ${who.name} AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
    RETURNING name`.execute(db);
  return result.rows.length > 0;
}

/** The name's count and lock as stored. */
export async function findLockoutState(db: Db, who: SignInName): Promise<LockoutState> {
  const row = await db
    .selectFrom('sign_in_counts')
    .select(['failures', 'locked_until'])
    .where('realm', '=', who.realm)
    .where('name', '=', who.name)
    .executeTakeFirst();
  return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
}

/** Staff unlocking an account, a new password, or an unlock link: the count and the lock are forgotten. */
export async function clearFailedSignIns(db: Db, who: SignInName): Promise<void> {
  await db.deleteFrom('sign_in_counts').where('realm', '=', who.realm).where('name', '=', who.name).execute();
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

/**
 * Forgets counts that are not locked and saw no attempt for a day (run by
 * the worker): unknown card numbers must count like known ones, so without
 * this every number ever tried would keep a row.
 */
export async function deleteStaleSignInCounts(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('sign_in_counts')
    .where('last_attempt_at', '<=', new Date(now.getTime() - COUNT_KEPT_MS))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
