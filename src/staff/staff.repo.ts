/** Staff accounts in the database. Kysely only; `db` first. */
import { type Kysely, sql } from 'kysely';
import { clearFailedSignIns } from '../auth/sign-in-guard.repo.ts';
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
}

function member(row: { id: number; username: string; display_name: string; role: StaffRole }): StaffMember {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
}

/** An active (not disabled) account by username, with what sign-in checks. */
export async function findStaffCredentials(db: Db, username: string): Promise<StaffCredentials | undefined> {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'username', 'display_name', 'role', 'password_hash'])
    .where('username', '=', username)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row && { ...member(row), passwordHash: row.password_hash };
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

/**
 * Creates an account, or sets the password and role of an existing one
 * (re-running add-staff resets a forgotten password and the username's
 * sign-in count).
 */
export async function saveStaff(
  db: Db,
  account: { username: string; role: StaffRole; passwordHash: string },
): Promise<'created' | 'updated'> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('staff')
      .values({ username: account.username, role: account.role, password_hash: account.passwordHash })
      .onConflict((oc) => oc.column('username').doUpdateSet({ role: account.role, password_hash: account.passwordHash, disabled_at: null }))
      // xmax is 0 on a freshly inserted row version, set on one the upsert updated.
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow();
    await clearFailedSignIns(tx, { realm: 'staff', name: account.username });
    return row.inserted ? 'created' : 'updated';
  });
}

/** A staff account as the admin's list shows it. */
export interface StaffAccount extends StaffMember {
  lockedUntil: Date | null;
  failedLogins: number;
  disabled: boolean;
}

/** Every staff account, by username, with its username's sign-in count. */
export async function listStaff(db: Db): Promise<StaffAccount[]> {
  const rows = await db
    .selectFrom('staff')
    .leftJoin('sign_in_counts as count', (join) => join.onRef('count.name', '=', 'staff.username').on('count.realm', '=', 'staff'))
    .select(['staff.id', 'staff.username', 'staff.display_name', 'staff.role', 'staff.disabled_at', 'count.locked_until', 'count.failures'])
    .orderBy('staff.username')
    .execute();
  return rows.map((row) => ({
    ...member(row),
    lockedUntil: row.locked_until,
    failedLogins: row.failures ?? 0,
    disabled: row.disabled_at !== null,
  }));
}

/** The username of an account by id, for unlocking its sign-in count. */
export async function findStaffUsername(db: Db, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('staff').select('username').where('id', '=', id).executeTakeFirst();
  return row?.username;
}
