/** Staff sign-in and sign-out, and the staff home. Each staff feature is mounted beside it in app.ts (staffSection). */
import { type Context, Hono } from 'hono';
import { StaffHome, StaffLoginPage, type StaffLoginForm } from '../../templates/staff.tsx';
import { clientAddress } from '../auth/client-address.ts';
import { moveCart } from '../cart/cart.repo.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { localPath } from '../http/safe-path.ts';
import { endSession, startSession } from '../http/session.ts';
import { currentStaff, requireStaff, type StaffEnv } from './staff.auth.ts';
import { noStore } from './staff-section.ts';
import { signInStaff, type StaffSignInOutcome } from './staff-sign-in.ts';

const signInRoutes = new Hono<AppEnv>()
  .get('/login', async (c) => {
    const next = localPath(c.req.query('next'), '/staff');
    if (c.var.session?.staffId != null) return c.redirect(next, 303);
    return renderLogin(c, { next, username: '', errors: [] });
  })
  .post('/login', async (c) => {
    const form = await formFields(c, ['username', 'password']);
    const next = localPath(c.req.query('next'), '/staff');
    const { deps } = c.var;
    const outcome = await signInStaff(
      { db: deps.db, config: deps.config, now: deps.clock.now(), address: clientAddress(c) },
      { username: form.username, password: form.password },
    );
    if (outcome.kind === 'ok') {
      // A new token at sign-in; a patron's session on this browser ends here, its cart coming along as at a patron's sign-in.
      await startSession(c, { staffId: outcome.staffId }, moveCart);
      return c.redirect(next, 303);
    }
    const now = deps.clock.now();
    const retryAfter = retryAfterSeconds(outcome, now);
    if (retryAfter !== null) c.header('Retry-After', String(retryAfter));
    const view: StaffLoginForm = { next, username: form.username.slice(0, 40), errors: loginErrors(outcome, now) };
    return renderLogin(c, view, retryAfter === null ? 422 : 429);
  })
  .post('/logout', async (c) => {
    await endSession(c);
    // The browser drops its cached pages so Back cannot show the last patron's record to whoever uses the counter next.
    c.header('Clear-Site-Data', '"cache"');
    return c.redirect('/staff/login', 303);
  });

/** The wait the address's throttle or the username's back-off asks for (both answer 429), null for any other failure. */
function retryAfterSeconds(outcome: StaffSignInOutcome, now: Date): number | null {
  if (outcome.kind === 'throttled') return outcome.retryAfterSeconds;
  if (outcome.kind === 'locked') return secondsUntil(outcome.until, now);
  return null;
}

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

function loginErrors(outcome: Exclude<StaffSignInOutcome, { kind: 'ok' }>, now: Date): StaffLoginForm['errors'] {
  switch (outcome.kind) {
    case 'invalid':
      return [
        ...(outcome.username ? [{ field: 'username', key: `staffLogin.username.${outcome.username}` as const }] : []),
        ...(outcome.passwordMissing ? [{ field: 'password', key: 'staffLogin.password.empty' as const }] : []),
      ];
    case 'wrong':
      return [{ field: 'username', key: 'staffLogin.wrong' }];
    case 'locked':
      return [{ field: 'username', key: 'staffLogin.locked', params: { seconds: secondsUntil(outcome.until, now) } }];
    case 'throttled':
      return [{ field: 'username', key: 'staffLogin.throttled', params: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) } }];
  }
}

function renderLogin(c: Context<AppEnv>, form: StaffLoginForm, status: 200 | 422 | 429 = 200) {
  return render(c, {
    title: c.var.t('staffLogin.title'),
    status,
    page: (pageContext) => <StaffLoginPage pageContext={pageContext} form={form} />,
  });
}

export const staffRoutes = new Hono<StaffEnv>();
staffRoutes.use('*', noStore);
staffRoutes.route('/', signInRoutes);
staffRoutes.get('/', requireStaff(), (c) =>
  render(c, { title: c.var.t('staff.home.title'), page: (pageContext) => <StaffHome pageContext={pageContext} staff={currentStaff(c)} /> }),
);
