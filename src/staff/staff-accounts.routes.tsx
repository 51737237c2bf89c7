/**
 * /staff/admin/staff: the admin's staff accounts. Create (an existing
 * username is refused), role, disable/enable, password reset and unlock;
 * a refusal re-renders the page with its message and changes nothing.
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type AccountNotice, accountNotices, StaffAccountsPage } from '../../templates/staff-accounts.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { audit } from '../audit/audit.repo.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { clearFailedSignIns } from '../auth/sign-in-guard.repo.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { currentStaff, type StaffEnv } from './staff.auth.ts';
import { type AccountChange, createStaff, resetStaffPassword, setStaffDisabled, setStaffRole } from './staff-accounts.repo.ts';
import { findStaffUsername, listStaff } from './staff.repo.ts';
import { parseRole, parseUsername, staffPasswordProblem } from './staff.rules.ts';

type StaffContext = Context<StaffEnv>;

function auditContext(c: StaffContext) {
  return { now: c.var.deps.clock.now(), staffId: currentStaff(c).id };
}

async function renderAccounts(c: StaffContext, errors: FormError[] = [], newUsername = '') {
  const { db, clock, config } = c.var.deps;
  const notice: AccountNotice | null = accountNotices.find((n) => n === c.req.query('done')) ?? null;
  const view = { accounts: await listStaff(db), now: clock.now(), timeZone: config.rules.timeZone, notice, errors, newUsername };
  return render(c, {
    title: c.var.t('admin.staff.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <StaffAccountsPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

const done = (c: StaffContext, notice: AccountNotice) => c.redirect(`/staff/admin/staff?done=${notice}`, 303);

/** The page after an account change: its notice, a 404 for no such account, or the last-admin refusal. */
function afterChange(c: StaffContext, change: AccountChange, notice: AccountNotice, field: string) {
  if (change === 'notFound') throw new HTTPException(404);
  if (change === 'lastAdmin')
    return renderAccounts(c, [{ field, key: 'staffAccounts.lastAdmin', params: { username: c.req.param('username') ?? '' } }]);
  return done(c, notice);
}

/** Mistakes of the create form, each tied to its field. */
function createErrors(username: ReturnType<typeof parseUsername>, password: string, role: string | null): FormError[] {
  const errors: FormError[] = [];
  if (!username.ok) errors.push({ field: 'username', key: `staffLogin.username.${username.reason}` });
  const problem = staffPasswordProblem(password);
  if (problem) errors.push({ field: 'password', key: `staffAccounts.password.${problem}` });
  if (!role) errors.push({ field: 'role', key: 'staffAccounts.role.invalid' });
  return errors;
}

export const staffAccountsRoutes = new Hono<StaffEnv>()
  .get('/', (c) => renderAccounts(c))
  .post('/', async (c) => {
    const form = await formFields(c, ['username', 'password', 'role']);
    const username = parseUsername(form.username);
    const role = parseRole(form.role);
    const errors = createErrors(username, form.password, role);
    if (!username.ok || !role || errors.length > 0) return renderAccounts(c, errors, form.username.slice(0, 100));
    const passwordHash = await hashPassword(form.password);
    const created = await createStaff(c.var.deps.db, auditContext(c), { username: username.username, role, passwordHash });
    if (created === 'taken') return renderAccounts(c, [{ field: 'username', key: 'staffAccounts.taken' }], username.username);
    return done(c, 'created');
  })
  .post('/:username/disable', async (c) =>
    afterChange(
      c,
      await setStaffDisabled(c.var.deps.db, auditContext(c), c.req.param('username'), true),
      'disabled',
      `role-${c.req.param('username')}`,
    ),
  )
  .post('/:username/enable', async (c) =>
    afterChange(
      c,
      await setStaffDisabled(c.var.deps.db, auditContext(c), c.req.param('username'), false),
      'enabled',
      `role-${c.req.param('username')}`,
    ),
  )
  .post('/:username/role', async (c) => {
    const username = c.req.param('username');
    const role = parseRole((await formFields(c, ['role'])).role);
    if (!role) return renderAccounts(c, [{ field: `role-${username}`, key: 'staffAccounts.role.invalid' }]);
    return afterChange(c, await setStaffRole(c.var.deps.db, auditContext(c), username, role), 'role', `role-${username}`);
  })
  .post('/:username/password', async (c) => {
    const username = c.req.param('username');
    const { password } = await formFields(c, ['password']);
    const problem = staffPasswordProblem(password);
    if (problem) return renderAccounts(c, [{ field: `password-${username}`, key: `staffAccounts.password.${problem}` }]);
    const change = await resetStaffPassword(c.var.deps.db, auditContext(c), username, await hashPassword(password));
    return afterChange(c, change, 'password', `password-${username}`);
  })
  .post('/:id/unlock', async (c) => {
    const raw = c.req.param('id');
    const { db } = c.var.deps;
    const username = /^\d{1,9}$/.test(raw) ? await findStaffUsername(db, Number(raw)) : undefined;
    if (username === undefined) throw new HTTPException(404);
    await db.transaction().execute(async (tx) => {
      await clearFailedSignIns(tx, { realm: 'staff', name: username });
      await audit(tx, auditContext(c), { action: 'staff-unlocked', details: { staffId: Number(raw) } });
    });
    return done(c, 'unlocked');
  });
