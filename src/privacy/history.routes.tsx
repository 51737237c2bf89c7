/**
 * /account/history (SPEC §12): the reading record, on only when the patron
 * turns it on (`keep` is a checkbox: missing means 0), and their recent
 * finished holds. Without JavaScript each POST answers 303 back to the page,
 * which says what changed; with htmx the section is swapped in place.
 */
import { type Context, Hono } from 'hono';
import { HistoryFragment, HistoryPage, type HistoryView } from '../../templates/account-history.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { libraryDate } from '../time.ts';
import { forgetReadingRecord, patronHistory, setKeepReadingRecord } from './history.repo.ts';

const PATH = '/account/history';
const DAY_MS = 86_400_000;

const doneNotices = {
  on: 'history.done.on',
  off: 'history.done.off',
  unchanged: 'history.done.unchanged',
  deleted: 'history.done.deleted',
} as const;
type Done = keyof typeof doneNotices;

async function historyView(c: Context<AppEnv>, patronId: number, done: Done | null, errors: FormError[]): Promise<HistoryView> {
  const { db, config, clock } = c.var.deps;
  const { timeZone, retention } = config.rules;
  const now = clock.now();
  const history = await patronHistory(db, patronId, new Date(now.getTime() - retention.finishedHoldDays * DAY_MS));
  const day = (at: Date) => formatCalendarDate(libraryDate(at, timeZone), c.var.locale);
  return {
    keep: history.keep,
    readingRecord: history.readingRecord.map((e) => ({
      title: e.title,
      recordId: e.recordId,
      checkedOut: day(e.checkedOutAt),
      returned: day(e.returnedAt),
    })),
    recentHolds: history.recentHolds.map((h) => ({ title: h.title, recordId: h.recordId, status: h.status, closed: day(h.closedAt) })),
    holdDays: retention.finishedHoldDays,
    notice: done ? doneNotices[done] : null,
    errors,
  };
}

async function renderHistory(c: Context<AppEnv>, patronId: number, done: Done | null, errors: FormError[] = []) {
  const view = await historyView(c, patronId, done, errors);
  return render(c, {
    title: c.var.t('history.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <HistoryPage pageContext={pageContext} view={view} />,
    fragment: (pageContext) => <HistoryFragment pageContext={pageContext} view={view} />,
  });
}

/** After a change: the section for htmx, a 303 back to the page otherwise. */
function changed(c: Context<AppEnv>, patronId: number, done: Done) {
  return wantsFragment(c) ? renderHistory(c, patronId, done) : c.redirect(`${PATH}?done=${done}`, 303);
}

/** Mounted at /account/history. */
export const historyRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const done = c.req.query('done') ?? '';
    return renderHistory(c, patronId, Object.hasOwn(doneNotices, done) ? (done as Done) : null);
  })
  .post('/', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const { keep } = await formFields(c, ['keep']);
    if (keep !== '' && keep !== '0' && keep !== '1') {
      return renderHistory(c, patronId, null, [{ field: 'keep', key: 'history.keep.invalid' }]);
    }
    const wanted = keep === '1';
    if (!(await setKeepReadingRecord(c.var.deps.db, patronId, wanted))) return changed(c, patronId, 'unchanged');
    return changed(c, patronId, wanted ? 'on' : 'off');
  })
  .post('/delete', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    await forgetReadingRecord(c.var.deps.db, patronId);
    return changed(c, patronId, 'deleted');
  });
