/** Staff members for HTTP tests: an account row, and a client signed in as it. */
import { hashPassword } from '../../src/auth/password-hash.ts';
import type { StaffRole } from '../../src/db/schema.ts';
import type { TestContext } from './app.ts';
import { TestClient } from './client.ts';
import { signInDirectly } from './sign-in.ts';

let sequence = 0;

/** A staff account with this role (a fresh username unless one is given); returns its id. */
export async function addStaffMember(ctx: TestContext, role: StaffRole, username = `${role}${++sequence}`, password = 'desk-pass-2026') {
  const row = await ctx.db
    .insertInto('staff')
    .values({ username, role, password_hash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A client signed in as a new staff member of this role, its id beside it. */
export async function signedInStaff(ctx: TestContext, role: StaffRole = 'desk'): Promise<{ client: TestClient; staffId: number }> {
  const client = new TestClient(ctx.app);
  const staffId = await addStaffMember(ctx, role);
  await signInDirectly(ctx, client, { staffId });
  return { client, staffId };
}
