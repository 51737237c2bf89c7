/** Staff accounts in the database. Kysely only; `db` first. */
import { type Kysely, sql } from 'kysely';
import type { Database, StaffRole } from '../db/schema.ts';

type Db = Kysely<Database>;

/** A signed-in staff member, as pages and the audit log need them. */
export interface StaffMember {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
}

export interface StaffCredentials extends StaffMember {
  passwordHash: string;
  lockedUntil: Date | null;
}

function member(row: { id: number; username: string; display_name: string; role: StaffRole }): StaffMember {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
}

/** An active (not disabled) account by username, with what sign-in checks. */
export async function findStaffCredentials(db: Db, username: string): Promise<StaffCredentials | undefined> {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'username', 'display_name', 'role', 'password_hash', 'locked_until'])
    .where('username', '=', username)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row && { ...member(row), passwordHash: row.password_hash, lockedUntil: row.locked_until };
}

/** An active account by id (the session's staff member). */
export async function findStaffMember(db: Db, id: number): Promise<StaffMember | undefined> {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'username', 'display_name', 'role'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row && member(row);
}

/** Creates an account, or sets the password and role of an existing one (re-running add-staff resets a forgotten password). */
export async function saveStaff(
  db: Db,
  account: { username: string; role: StaffRole; passwordHash: string },
): Promise<'created' | 'updated'> {
  const row = await db
    .insertInto('staff')
    .values({ username: account.username, role: account.role, password_hash: account.passwordHash })
    .onConflict((oc) =>
      oc
        .column('username')
        .doUpdateSet({ role: account.role, password_hash: account.passwordHash, failed_logins: 0, locked_until: null, disabled_at: null }),
    )
    // xmax is 0 on a freshly inserted row version, set on one the upsert updated.
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
  return row.inserted ? 'created' : 'updated';
}

/** A staff account as the admin's list shows it. */
export interface StaffAccount extends StaffMember {
  lockedUntil: Date | null;
  failedLogins: number;
  disabled: boolean;
}

/** Every staff account, by username. */
export async function listStaff(db: Db): Promise<StaffAccount[]> {
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'username', 'display_name', 'role', 'locked_until', 'failed_logins', 'disabled_at'])
    .orderBy('username')
    .execute();
  return rows.map((row) => ({
    ...member(row),
    lockedUntil: row.locked_until,
    failedLogins: row.failed_logins,
    disabled: row.disabled_at !== null,
  }));
}
