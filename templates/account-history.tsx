/** /account/history: the opt-in reading record (読書記録) and the recent finished holds; the section is also the htmx fragment. */
import type { MessageKey } from '../src/i18n/index.ts';
import type { FinishedHold } from '../src/privacy/history.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import type { FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { AccountSubpage, SectionAnswer, SectionNotices, said } from './parts/account-subpage.tsx';

export const HISTORY_ID = 'history';

export interface HistoryView {
  keep: boolean;
  /** Dates already formatted in the library's time zone. */
  readingRecord: { title: string; recordId: number; checkedOut: string; returned: string }[];
  recentHolds: { title: string; recordId: number; status: FinishedHold['status']; closed: string }[];
  holdDays: number;
  notice: MessageKey | null;
  errors: FormError[];
}

const swap = { 'hx-target': `#${HISTORY_ID}`, 'hx-swap': 'outerHTML' };

export function HistoryPage({ pageContext, view }: { pageContext: PageContext; view: HistoryView }) {
  const { t } = pageContext;
  return (
    <AccountSubpage pageContext={pageContext} title={t('history.title')} back={t('history.back')}>
      <HistorySection pageContext={pageContext} view={view} />
    </AccountSubpage>
  );
}

/** The page's body; as an htmx answer it carries the announcement of what changed. */
export function HistoryFragment({ pageContext, view }: { pageContext: PageContext; view: HistoryView }) {
  return (
    <SectionAnswer message={said(pageContext, view.notice, view.errors)}>
      <HistorySection pageContext={pageContext} view={view} />
    </SectionAnswer>
  );
}

function HistorySection({ pageContext, view }: { pageContext: PageContext; view: HistoryView }) {
  const { t } = pageContext;
  return (
    <div id={HISTORY_ID}>
      <SectionNotices pageContext={pageContext} notice={view.notice && t(view.notice)} errors={view.errors} />
      <section aria-labelledby="record-title">
        <h2 id="record-title">{t('history.record.heading')}</h2>
        <p>{t('history.record.what')}</p>
        <p>{t('history.record.staff')}</p>
        <p>
          <strong>{t('history.record.off')}</strong>
        </p>
        <form method="post" action="/account/history" hx-post="/account/history" {...swap}>
          <CsrfField token={pageContext.csrfToken} />
          <p class="checkbox">
            <input type="checkbox" id="keep" name="keep" value="1" checked={view.keep} />
            <label for="keep">{t('history.record.keep')}</label>
          </p>
          <button type="submit">{t('history.record.save')}</button>
        </form>
        <ReadingRecord pageContext={pageContext} view={view} />
      </section>
      <section aria-labelledby="recent-holds-title">
        <h2 id="recent-holds-title">{t('history.holds.heading')}</h2>
        <p>{t('history.holds.what', { days: view.holdDays })}</p>
        {view.recentHolds.length === 0 ? (
          <p>{t('history.holds.empty')}</p>
        ) : (
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">{t('history.holds.column.title')}</th>
                <th scope="col">{t('history.holds.column.status')}</th>
                <th scope="col">{t('history.holds.column.closed')}</th>
              </tr>
            </thead>
            <tbody>
              {view.recentHolds.map((hold) => (
                <tr>
                  <td data-label={t('history.holds.column.title')}>
                    <a href={`/records/${hold.recordId}`}>{hold.title}</a>
                  </td>
                  <td data-label={t('history.holds.column.status')}>{t(`history.holds.status.${hold.status}`)}</td>
                  <td data-label={t('history.holds.column.closed')}>{hold.closed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ReadingRecord({ pageContext, view }: { pageContext: PageContext; view: HistoryView }) {
  const { t } = pageContext;
  if (!view.keep) return <p>{t('history.record.notKept')}</p>;
  if (view.readingRecord.length === 0) return <p>{t('history.record.empty')}</p>;
  return (
    <>
      <table class="responsive">
        <caption>{t('history.record.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('history.record.column.title')}</th>
            <th scope="col">{t('history.record.column.checkedOut')}</th>
            <th scope="col">{t('history.record.column.returned')}</th>
          </tr>
        </thead>
        <tbody>
          {view.readingRecord.map((entry) => (
            <tr>
              <td data-label={t('history.record.column.title')}>
                <a href={`/records/${entry.recordId}`}>{entry.title}</a>
              </td>
              <td data-label={t('history.record.column.checkedOut')}>{entry.checkedOut}</td>
              <td data-label={t('history.record.column.returned')}>{entry.returned}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/account/history/delete" hx-post="/account/history/delete" {...swap}>
        <CsrfField token={pageContext.csrfToken} />
        <p class="hint" id="delete-hint">
          {t('history.record.deleteHint')}
        </p>
        <button type="submit" class="secondary" aria-describedby="delete-hint">
          {t('history.record.delete')}
        </button>
      </form>
    </>
  );
}
