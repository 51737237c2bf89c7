/**
 * /account/alerts (SPEC §14): 新着資料のお知らせ, saved searches the daily
 * job mails about. Without JavaScript each POST answers 303 back to the page,
 * which says what changed; with htmx the section is swapped in place. A
 * mistake re-renders the form with its message (422).
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AlertsFragment, AlertsPage, type AlertsView } from '../../templates/alerts.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { noticeSettings } from '../notices/reminders.repo.ts';
import { libraryDate } from '../time.ts';
import { addAlert, alertsOf, deleteAlert } from './alerts.repo.ts';
import { MAX_ALERTS, parseAlert } from './alerts.rules.ts';

const PATH = '/account/alerts';

const doneNotices = {
  added: 'alerts.done.added',
  same: 'alerts.done.same',
  deleted: 'alerts.done.deleted',
} as const;
type Done = keyof typeof doneNotices;

interface Answer {
  done?: Done | null;
  errors?: FormError[];
  form?: AlertsView['form'];
  status?: 200 | 422;
}

async function renderAlerts(c: Context<AppEnv>, patronId: number, answer: Answer = {}) {
  const { db, config } = c.var.deps;
  const settings = await noticeSettings(db, patronId);
  if (!settings) throw new HTTPException(404);
  const alerts = await alertsOf(db, patronId);
  const view: AlertsView = {
    alerts: alerts.map((a) => ({ ...a, since: formatCalendarDate(libraryDate(a.createdAt, config.rules.timeZone), c.var.locale) })),
    max: MAX_ALERTS,
    reachable: settings.reachable,
    form: answer.form ?? { q: '', type: '' },
    notice: answer.done ? doneNotices[answer.done] : null,
    errors: answer.errors ?? [],
  };
  return render(c, {
    title: c.var.t('alerts.title'),
    status: answer.status ?? 200,
    page: (pageContext) => <AlertsPage pageContext={pageContext} view={view} />,
    fragment: (pageContext) => <AlertsFragment pageContext={pageContext} view={view} />,
  });
}

function changed(c: Context<AppEnv>, patronId: number, done: Done) {
  return wantsFragment(c) ? renderAlerts(c, patronId, { done }) : c.redirect(`${PATH}?done=${done}`, 303);
}

/** Mounted at /account/alerts. */
export const alertsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const done = c.req.query('done') ?? '';
    return renderAlerts(c, patronId, { done: Object.hasOwn(doneNotices, done) ? (done as Done) : null });
  })
  .post('/', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const form = await formFields(c, ['q', 'type']);
    const shown = { q: form.q.slice(0, 200), type: form.type };
    const input = parseAlert(form.q, form.type);
    if (!input.ok) return renderAlerts(c, patronId, { errors: input.errors, form: shown, status: 422 });
    const { db, clock } = c.var.deps;
    const outcome = await addAlert(db, patronId, input, MAX_ALERTS, clock.now());
    if (outcome === 'full') {
      return renderAlerts(c, patronId, {
        errors: [{ field: 'q', key: 'alerts.full', params: { max: MAX_ALERTS } }],
        form: shown,
        status: 422,
      });
    }
    return changed(c, patronId, outcome);
  })
  .post('/:id/delete', async (c) => {
    const id = c.req.param('id');
    if (!/^[1-9]\d{0,8}$/.test(id)) throw new HTTPException(404);
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    await deleteAlert(c.var.deps.db, patronId, Number(id));
    return changed(c, patronId, 'deleted');
  });
