/**
 * The calendar feed (SPEC §14): /account/calendar, where the patron makes a
 * private URL (anew: the old one then answers 404), turns titles on or off,
 * or stops the feed; and /calendar/:token.ics, the feed itself, read by
 * calendar apps without a session. The URL is shown only in the answer that
 * made it, since only its token's hash is kept: that answer is the page
 * itself (no redirect could carry the token without putting it in a URL).
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CalendarFeedFragment, CalendarFeedPage, type CalendarFeedView } from '../../templates/calendar-feed.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render, wantsFragment } from '../http/render.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { libraryDate } from '../time.ts';
import { feedIcs } from './calendar-feed.ics.ts';
import { deleteFeed, feedItems, feedOfToken, feedSettings, resetFeed, setShowTitles } from './calendar-feed.repo.ts';
import { FEED_TOKEN, feedEvents } from './calendar-feed.rules.ts';

const PATH = '/account/calendar';

const doneNotices = {
  made: 'calendarFeed.done.made',
  titles: 'calendarFeed.done.titles',
  stopped: 'calendarFeed.done.stopped',
} as const;
type Done = keyof typeof doneNotices;

interface Answer {
  newUrl?: string;
  done?: Done | null;
  errors?: FormError[];
}

async function renderFeedPage(c: Context<AppEnv>, patronId: number, answer: Answer = {}) {
  const { db, config } = c.var.deps;
  const settings = await feedSettings(db, patronId);
  const errors = answer.errors ?? [];
  const view: CalendarFeedView = {
    feed: settings && {
      issuedOn: formatCalendarDate(libraryDate(settings.createdAt, config.rules.timeZone), c.var.locale),
      showTitles: settings.showTitles,
    },
    newUrl: answer.newUrl ?? null,
    notice: answer.done ? doneNotices[answer.done] : null,
    errors,
  };
  return render(c, {
    title: c.var.t('calendarFeed.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <CalendarFeedPage pageContext={pageContext} view={view} />,
    fragment: (pageContext) => <CalendarFeedFragment pageContext={pageContext} view={view} />,
  });
}

/** After a change: the section for htmx, a 303 back to the page otherwise. */
function changed(c: Context<AppEnv>, patronId: number, done: Done) {
  return wantsFragment(c) ? renderFeedPage(c, patronId, { done }) : c.redirect(`${PATH}?done=${done}`, 303);
}

/** Mounted at /account/calendar. */
export const calendarFeedAccountRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const done = c.req.query('done') ?? '';
    return renderFeedPage(c, patronId, { done: Object.hasOwn(doneNotices, done) ? (done as Done) : null });
  })
  .post('/', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const { titles } = await formFields(c, ['titles']);
    // A checkbox left unticked sends nothing: missing means off.
    if (titles !== '' && titles !== '0' && titles !== '1') {
      return renderFeedPage(c, patronId, { errors: [{ field: 'titles', key: 'calendarFeed.badTitles' }] });
    }
    if (!(await setShowTitles(c.var.deps.db, patronId, titles === '1'))) {
      return renderFeedPage(c, patronId, { errors: [{ field: 'titles', key: 'calendarFeed.noFeed' }] });
    }
    return changed(c, patronId, 'titles');
  })
  .post('/reset', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    const { db, clock, config } = c.var.deps;
    const token = await resetFeed(db, patronId, clock.now());
    return renderFeedPage(c, patronId, { newUrl: `${config.siteUrl}/calendar/${token}.ics`, done: 'made' });
  })
  .post('/delete', async (c) => {
    const patronId = patronOrSignIn(c, PATH);
    if (patronId instanceof Response) return patronId;
    await deleteFeed(c.var.deps.db, patronId);
    return changed(c, patronId, 'stopped');
  });

/** Mounted at /calendar: the feed, for calendar apps (no session, no cookie); an unknown or reset token is a plain 404. */
export const calendarFeedRoutes = new Hono<AppEnv>().get('/:file', async (c) => {
  const token = c.req.param('file').replace(/\.ics$/, '');
  if (!c.req.param('file').endsWith('.ics') || !FEED_TOKEN.test(token)) throw new HTTPException(404);
  const { db, config, clock } = c.var.deps;
  const feed = await feedOfToken(db, token);
  if (!feed) throw new HTTPException(404);
  const { loans, holds } = await feedItems(db, feed.patronId);
  const ics = feedIcs(feedEvents(loans, holds), { locale: feed.locale, showTitles: feed.showTitles, now: clock.now() }, config);
  return c.body(ics, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    // A patron's loans: no shared cache may keep them, and the patron's own app fetches anew.
    'Cache-Control': 'private, no-store',
  });
});
