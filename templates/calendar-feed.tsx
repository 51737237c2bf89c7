/** /account/calendar: the private calendar feed's URL, made or made anew, titles on or off; the section is also the htmx fragment. */
import type { MessageKey } from '../src/i18n/index.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import type { FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { AccountSubpage, SectionAnswer, SectionNotices, said } from './parts/account-subpage.tsx';

export const CALENDAR_FEED_ID = 'calendar-feed';
const PATH = '/account/calendar';

export interface CalendarFeedView {
  /** The patron's feed, its date formatted; null when they have none. */
  feed: { issuedOn: string; showTitles: boolean } | null;
  /** The feed's URL, only in the answer that made it (only its token's hash is kept). */
  newUrl: string | null;
  notice: MessageKey | null;
  errors: FormError[];
}

const swap = { 'hx-target': `#${CALENDAR_FEED_ID}`, 'hx-swap': 'outerHTML' };

export function CalendarFeedPage({ pageContext, view }: { pageContext: PageContext; view: CalendarFeedView }) {
  const { t } = pageContext;
  return (
    <AccountSubpage pageContext={pageContext} title={t('calendarFeed.title')}>
      <p>{t('calendarFeed.lead')}</p>
      <p>{t('calendarFeed.private')}</p>
      <CalendarFeedSection pageContext={pageContext} view={view} />
    </AccountSubpage>
  );
}

export function CalendarFeedFragment({ pageContext, view }: { pageContext: PageContext; view: CalendarFeedView }) {
  return (
    <SectionAnswer message={said(pageContext, view.notice, view.errors)}>
      <CalendarFeedSection pageContext={pageContext} view={view} />
    </SectionAnswer>
  );
}

function CalendarFeedSection({ pageContext, view }: { pageContext: PageContext; view: CalendarFeedView }) {
  const { t } = pageContext;
  const { feed } = view;
  return (
    <div id={CALENDAR_FEED_ID} tabindex={-1}>
      <SectionNotices pageContext={pageContext} notice={view.notice && t(view.notice)} errors={view.errors} />
      {view.newUrl ? <NewUrl pageContext={pageContext} url={view.newUrl} /> : null}
      {feed && !view.newUrl ? <p>{t('calendarFeed.issued', { date: feed.issuedOn })}</p> : null}
      {feed ? null : <p>{t('calendarFeed.none')}</p>}
      <PostButton pageContext={pageContext} action={`${PATH}/reset`} label={t(feed ? 'calendarFeed.reset' : 'calendarFeed.make')} />
      {feed ? (
        <>
          <form method="post" action={PATH} hx-post={PATH} {...swap}>
            <CsrfField token={pageContext.csrfToken} />
            <div class="field checkbox">
              <input type="checkbox" id="titles" name="titles" value="1" checked={feed.showTitles} />
              <label for="titles">{t('calendarFeed.titles')}</label>
            </div>
            <button type="submit">{t('calendarFeed.save')}</button>
          </form>
          <PostButton pageContext={pageContext} action={`${PATH}/delete`} label={t('calendarFeed.stop')} secondary />
        </>
      ) : null}
    </div>
  );
}

/** The URL, shown once, in a field to copy from, and as webcal: for the phone's calendar app to subscribe to. */
function NewUrl({ pageContext, url }: { pageContext: PageContext; url: string }) {
  const { t } = pageContext;
  return (
    <div class="field">
      <label for="feed-url">{t('calendarFeed.urlLabel')}</label>
      <input id="feed-url" type="url" value={url} readonly />
      <p>
        <a href={url.replace(/^https?:/, 'webcal:')}>{t('calendarFeed.subscribe')}</a>
      </p>
    </div>
  );
}

function PostButton(props: { pageContext: PageContext; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} hx-post={props.action} {...swap}>
      <CsrfField token={props.pageContext.csrfToken} />
      <button type="submit" class={props.secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}
