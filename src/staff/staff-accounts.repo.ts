/**
 * Staff accounts as an admin manages them: create, disable and enable,
 * role, password reset. Disabling and a password reset end that member's
 * sessions in the same transaction. The last active admin can be neither
 * disabled nor demoted: the active admins are locked first, so two admins
 * demoting each other at once cannot leave the library with none.
 * Kysely only; `db` first.
 */
import type { Kysely } from 'kysely';
import { audit, type AuditContext } from '../audit/audit.repo.ts';
import { clearFailedSignIns } from '../auth/sign-in-guard.repo.ts';
import type { Database, StaffRole } from '../db/schema.ts';

type Db = Kysely<Database>;

export type AccountChange = 'ok' | 'notFound' | 'lastAdmin';

/** Creates an account; 'taken' when the username exists (disabled or not). */
export async function createStaff(
  db: Db,
  ctx: AuditContext,
  account: { username: string; role: StaffRole; passwordHash: string },
): Promise<'ok' | 'taken'> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('staff')
      .values({ username: account.username, role: account.role, password_hash: account.passwordHash })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return 'taken';
    await audit(tx, ctx, { action: 'staff-created', details: { username: account.username, role: account.role } });
    return 'ok';
  });
}

/** The account by username with the active admins locked; whether it is the only one of them. */
async function lockAccount(tx: Db, username: string) {
  const admins = await tx
    .selectFrom('staff')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .forUpdate()
    .execute();
  const account = await tx
    .selectFrom('staff')
    .select(['id', 'role', 'disabled_at'])
    .where('username', '=', username)
    .forUpdate()
    .executeTakeFirst();
  const lastAdmin = account !== undefined && admins.length === 1 && admins[0]!.id === account.id;
  return { account, lastAdmin };
}

/** Disables (its sessions end at once) or enables an account. */
export async function setStaffDisabled(db: Db, ctx: AuditContext, username: string, disabled: boolean): Promise<AccountChange> {
  return db.transaction().execute(async (tx) => {
    const { account, lastAdmin } = await lockAccount(tx, username);
    if (!account) return 'notFound';
    if (disabled && lastAdmin) return 'lastAdmin';
    await tx
      .updateTable('staff')
      .set({ disabled_at: disabled ? (account.disabled_at ?? ctx.now) : null })
      .where('id', '=', account.id)
      .execute();
    if (disabled) await tx.deleteFrom('sessions').where('staff_id', '=', account.id).execute();
    await audit(tx, ctx, { action: disabled ? 'staff-disabled' : 'staff-enabled', details: { username } });
    return 'ok';
  });
}

/** Changes an account's role; the last active admin keeps theirs. */
export async function setStaffRole(db: Db, ctx: AuditContext, username: string, role: StaffRole): Promise<AccountChange> {
  return db.transaction().execute(async (tx) => {
    const { account, lastAdmin } = await lockAccount(tx, username);
    if (!account) return 'notFound';
    if (role !== 'admin' && lastAdmin) return 'lastAdmin';
    await tx.updateTable('staff').set({ role }).where('id', '=', account.id).execute();
    await audit(tx, ctx, { action: 'staff-role', details: { username, role } });
    return 'ok';
  });
}

/** Sets a new password: the member's sessions end and their sign-in count starts again. */
export async function resetStaffPassword(db: Db, ctx: AuditContext, username: string, passwordHash: string): Promise<AccountChange> {
  return db.transaction().execute(async (tx) => {
    const account = await tx.selectFrom('staff').select('id').where('username', '=', username).forUpdate().executeTakeFirst();
    if (!account) return 'notFound';
    await tx.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', account.id).execute();
    await tx.deleteFrom('sessions').where('staff_id', '=', account.id).execute();
    await clearFailedSignIns(tx, { realm: 'staff', name: username });
    await audit(tx, ctx, { action: 'staff-password-reset', details: { username } });
    return 'ok';
  });
}
