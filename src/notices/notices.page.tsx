/**
 * The /account/notices page as its two route files answer it: the reminder
 * settings (notices.routes.tsx) and this device's push subscription
 * (push.routes.tsx), each re-rendering it with its own errors.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NoticesPage, type NoticesDone } from '../../templates/notices.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { patronDevices } from '../push/push.repo.ts';
import { vapidKeys } from '../push/vapid.ts';
import { noticeSettings } from './reminders.repo.ts';

/** The page for the patron; a session whose patron is gone (deleted meanwhile) finds nothing here. */
export async function renderNoticesPage(
  c: Context<AppEnv>,
  patronId: number,
  state: { done: NoticesDone | null; errors: FormError[] },
  status: 200 | 422 = 200,
) {
  const { db, config } = c.var.deps;
  const [settings, devices, keys] = await Promise.all([
    noticeSettings(db, patronId),
    patronDevices(db, patronId),
    vapidKeys(db, config.push),
  ]);
  if (!settings) throw new HTTPException(404);
  return render(c, {
    title: c.var.t('notices.title'),
    status,
    page: (pageContext) => (
      <NoticesPage
        pageContext={pageContext}
        form={{ settings, reminders: config.rules.reminders, ...state }}
        push={{ vapidKey: keys.publicKey, devices, timeZone: config.rules.timeZone }}
      />
    ),
  });
}

/** The `done` of a redirect back to the page, if it is one the page knows. */
export function noticesDone(value: string | undefined): NoticesDone | null {
  return value === 'saved' || value === 'pushSubscribed' || value === 'pushRemoved' ? value : null;
}
