/** /account/notices: the patron turns 「返却期限のお知らせ」 and the overdue notices on or off (SPEC §13; a missing checkbox is 0). */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NoticesPage } from '../../templates/notices.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { noticeSettings, type NoticeSettings, saveNoticeChoices } from './reminders.repo.ts';

const FIELDS = ['due_soon', 'overdue'] as const;

/** '1' on, '0' or missing off (an unticked checkbox sends nothing); anything else is a mistake. */
function onOff(value: string): boolean | null {
  if (value === '1') return true;
  return value === '0' || value === '' ? false : null;
}

async function showNotices(c: Context<AppEnv>) {
  const patronId = patronOrSignIn(c, '/account/notices');
  if (patronId instanceof Response) return patronId;
  return renderNotices(c, await settingsOf(c, patronId), { saved: c.req.query('done') === 'saved', errors: [] });
}

async function saveNotices(c: Context<AppEnv>) {
  const patronId = patronOrSignIn(c, '/account/notices');
  if (patronId instanceof Response) return patronId;
  const { db } = c.var.deps;
  const form = await formFields(c, FIELDS);
  const dueSoon = onOff(form.due_soon);
  const overdue = onOff(form.overdue);
  if (dueSoon === null || overdue === null) {
    const errors: FormError[] = FIELDS.filter((field) => onOff(form[field]) === null).map((field) => ({ field, key: 'notices.badValue' }));
    return renderNotices(c, await settingsOf(c, patronId), { saved: false, errors }, 422);
  }
  await saveNoticeChoices(db, patronId, { dueSoon, overdue });
  return c.redirect('/account/notices?done=saved', 303);
}

/** The patron's settings; a session whose patron is gone (deleted meanwhile) finds nothing here. */
async function settingsOf(c: Context<AppEnv>, patronId: number): Promise<NoticeSettings> {
  const settings = await noticeSettings(c.var.deps.db, patronId);
  if (!settings) throw new HTTPException(404);
  return settings;
}

function renderNotices(
  c: Context<AppEnv>,
  settings: NoticeSettings,
  state: { saved: boolean; errors: FormError[] },
  status: 200 | 422 = 200,
) {
  const reminders = c.var.deps.config.rules.reminders;
  return render(c, {
    title: c.var.t('notices.title'),
    status,
    page: (pageContext) => <NoticesPage pageContext={pageContext} form={{ settings, reminders, ...state }} />,
  });
}

/** Mounted at /account/notices. */
export const noticesRoutes = new Hono<AppEnv>().get('/', showNotices).post('/', saveNotices);
