/** /account/notices: the patron turns 「返却期限のお知らせ」 and the overdue notices on or off (SPEC §13; a missing checkbox is 0). */
import { type Context, Hono } from 'hono';
import type { FormError } from '../../templates/parts/form.tsx';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { noticesDone, renderNoticesPage } from './notices.page.tsx';
import { saveNoticeChoices } from './reminders.repo.ts';

const FIELDS = ['due_soon', 'overdue'] as const;

/** '1' on, '0' or missing off (an unticked checkbox sends nothing); anything else is a mistake. */
function onOff(value: string): boolean | null {
  if (value === '1') return true;
  return value === '0' || value === '' ? false : null;
}

async function showNotices(c: Context<AppEnv>) {
  const patronId = patronOrSignIn(c, '/account/notices');
  if (patronId instanceof Response) return patronId;
  return renderNoticesPage(c, patronId, { done: noticesDone(c.req.query('done')), errors: [] });
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
    return renderNoticesPage(c, patronId, { done: null, errors }, 422);
  }
  await saveNoticeChoices(db, patronId, { dueSoon, overdue });
  return c.redirect('/account/notices?done=saved', 303);
}

/** Mounted at /account/notices. */
export const noticesRoutes = new Hono<AppEnv>().get('/', showNotices).post('/', saveNotices);
