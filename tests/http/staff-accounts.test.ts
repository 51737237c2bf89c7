/**
 * Staff accounts at /staff/admin/staff: create (an existing username is
 * refused), role, disable/enable (sessions end at once), password reset
 * (that member's sessions end), and the last active admin, who can be
 * neither disabled nor demoted. Each change is audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password-hash.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { addStaffMember } from '../support/staff.ts';

describe.each(databaseKinds)('staff accounts on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestClient;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    admin = new TestClient(ctx.app);
    await signInDirectly(ctx, admin, { staffId: await addStaffMember(ctx, 'admin', 'chief') });
    await admin.page('/staff/admin/staff');
  });
  afterEach(async () => {
    await ctx.close();
  });

  const account = (username: string) => ctx.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const actions = async () => (await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);

  /** A desk member with a signed-in client of their own. */
  async function signedInMember(username: string) {
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { staffId: await addStaffMember(ctx, 'desk', username) });
    return client;
  }

  it('creates an account and refuses an existing username or a short password', async () => {
    const page = await admin.submit('/staff/admin/staff', { username: 'Ｓａｔｏ', password: 'counter-2026', role: 'desk' });
    expect(await page.text()).toContain('アカウントを追加しました。');
    expect(await verifyPassword((await account('sato')).password_hash, 'counter-2026')).toBe(true);
    const taken = await admin.post('/staff/admin/staff', { username: 'sato', password: 'another-2026', role: 'admin' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('この職員IDはすでにあります。');
    const short = await admin.post('/staff/admin/staff', { username: 'kato', password: 'short', role: 'owner' });
    const html = await short.text();
    expect(html).toContain('パスワードは8文字以上にしてください。');
    expect(html).toContain('権限を選んでください。');
    expect((await account('sato')).role).toBe('desk');
    expect(await actions()).toEqual(['staff-created']);
  });

  it('disabling ends the member’s session at once and stops sign-in; enabling lets them sign in again', async () => {
    const member = await signedInMember('suzuki');
    expect((await member.get('/staff/checkout')).status).toBe(200);
    await admin.submit('/staff/admin/staff/suzuki/disable');
    expect((await member.get('/staff/checkout')).status).toBe(303);
    expect(
      await ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('staff_id', '=', (await account('suzuki')).id)
        .execute(),
    ).toEqual([]);
    const signIn = new TestClient(ctx.app);
    await signIn.page('/staff/login');
    expect((await signIn.post('/staff/login', { username: 'suzuki', password: 'desk-pass-2026' })).status).toBe(422);
    await admin.submit('/staff/admin/staff/suzuki/enable');
    expect((await signIn.post('/staff/login', { username: 'suzuki', password: 'desk-pass-2026' })).status).toBe(303);
    expect(await actions()).toEqual(['staff-disabled', 'staff-enabled']);
  });

  it('a password reset ends that member’s sessions only, and the new password works', async () => {
    const member = await signedInMember('tanaka');
    const short = await admin.post('/staff/admin/staff/tanaka/password', { password: 'short' });
    expect(short.status).toBe(422);
    await admin.submit('/staff/admin/staff/tanaka/password', { password: 'new-pass-2026' });
    expect((await member.get('/staff/checkout')).status).toBe(303);
    expect((await admin.get('/staff/admin/staff')).status).toBe(200);
    expect(await verifyPassword((await account('tanaka')).password_hash, 'new-pass-2026')).toBe(true);
    expect(await actions()).toEqual(['staff-password-reset']);
  });

  it('the last active admin can be neither disabled nor demoted; with a second admin they can', async () => {
    const disable = await admin.post('/staff/admin/staff/chief/disable');
    expect(disable.status).toBe(422);
    expect(await disable.text()).toContain('有効な管理者が chief だけのため');
    expect((await admin.post('/staff/admin/staff/chief/role', { role: 'desk' })).status).toBe(422);
    expect((await account('chief')).role).toBe('admin');
    await addStaffMember(ctx, 'desk', 'deputy');
    await admin.submit('/staff/admin/staff/deputy/role', { role: 'admin' });
    expect((await admin.post('/staff/admin/staff/chief/role', { role: 'desk' })).status).toBe(303);
    expect((await account('chief')).role).toBe('desk');
    // No longer an admin: the admin pages are closed to this session now.
    expect((await admin.get('/staff/admin/staff')).status).toBe(403);
    expect(await actions()).toEqual(['staff-role', 'staff-role']);
  });

  it('answers 404 for an unknown account and refuses desk staff', async () => {
    expect((await admin.post('/staff/admin/staff/nobody/disable')).status).toBe(404);
    const member = await signedInMember('yamada');
    await member.page('/staff/checkout');
    expect((await member.post('/staff/admin/staff', { username: 'x1', password: 'whatever-2026', role: 'admin' })).status).toBe(403);
  });
});
