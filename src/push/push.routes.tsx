/**
 * POST /account/push (`endpoint`, `p256dh`, `auth`: the browser's
 * PushSubscription, which static/push.js fills in) and POST
 * /account/push/delete (`endpoint`) (SPEC §14). A bad subscription
 * re-renders /account/notices with what is wrong and changes nothing.
 */
import { type Context, Hono } from 'hono';
import type { FormError } from '../../templates/parts/form.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { renderNoticesPage } from '../notices/notices.page.tsx';
import { ensureDeviceKey } from './push-device.ts';
import { deleteSubscription, saveSubscription } from './push.repo.ts';
import { browserLabel, type SubscriptionProblem, subscriptionProblems } from './push.rules.ts';

const PROBLEM_MESSAGES: Record<SubscriptionProblem, MessageKey> = {
  endpoint: 'push.badEndpoint',
  endpointInsecure: 'push.endpointInsecure',
  p256dh: 'push.badP256dh',
  auth: 'push.badAuth',
};

/** Every error points at the section (its fields are hidden: the script fills them). */
const SECTION = 'push';

async function subscribe(c: Context<AppEnv>) {
  const patronId = patronOrSignIn(c, '/account/notices');
  if (patronId instanceof Response) return patronId;
  const { db, clock, config } = c.var.deps;
  const form = await formFields(c, ['endpoint', 'p256dh', 'auth']);
  const problems = subscriptionProblems(form, config.push.allowHttp);
  if (problems.length > 0) {
    const errors: FormError[] = problems.map(({ problem }) => ({ field: SECTION, key: PROBLEM_MESSAGES[problem] }));
    return renderNoticesPage(c, patronId, { done: null, errors }, 422);
  }
  await saveSubscription(db, patronId, form, {
    browser: browserLabel(c.req.header('User-Agent')),
    sessionId: c.var.session!.id,
    deviceKey: ensureDeviceKey(c),
    now: clock.now(),
  });
  return c.redirect('/account/notices?done=pushSubscribed', 303);
}

async function unsubscribe(c: Context<AppEnv>) {
  const patronId = patronOrSignIn(c, '/account/notices');
  if (patronId instanceof Response) return patronId;
  const { endpoint } = await formFields(c, ['endpoint']);
  if (!(await deleteSubscription(c.var.deps.db, patronId, endpoint))) {
    return renderNoticesPage(c, patronId, { done: null, errors: [{ field: SECTION, key: 'push.notFound' }] }, 422);
  }
  return c.redirect('/account/notices?done=pushRemoved', 303);
}

/** Mounted at /account/push. */
export const pushRoutes = new Hono<AppEnv>().post('/', subscribe).post('/delete', unsubscribe);
