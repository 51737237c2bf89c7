/** /account/alerts: 新着資料のお知らせ, the saved searches and the form that adds one; the section is also the htmx fragment. */
import type { Alert } from '../src/alerts/alerts.repo.ts';
import { materials, searchUrl } from '../src/catalog/catalog.rules.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { NoticeSettings } from '../src/notices/reminders.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { AccountSubpage, SectionAnswer, SectionNotices, said } from './parts/account-subpage.tsx';

export const ALERTS_ID = 'alerts';
const PATH = '/account/alerts';

export interface AlertsView {
  /** Each with its saved date already formatted. */
  alerts: (Alert & { since: string })[];
  max: number;
  reachable: NoticeSettings['reachable'];
  /** What the form shows after a mistake. */
  form: { q: string; type: string };
  notice: MessageKey | null;
  errors: FormError[];
}

const swap = { 'hx-target': `#${ALERTS_ID}`, 'hx-swap': 'outerHTML' };

export function AlertsPage({ pageContext, view }: { pageContext: PageContext; view: AlertsView }) {
  const { t } = pageContext;
  return (
    <AccountSubpage pageContext={pageContext} title={t('alerts.title')}>
      <p>{t('alerts.lead')}</p>
      {view.reachable === 'yes' ? null : (
        <p class="notice warning">
          {t(view.reachable === 'noAddress' ? 'alerts.noAddress' : 'alerts.undeliverable')}{' '}
          <a href="/account/email">{t('account.changeEmail')}</a>
        </p>
      )}
      <AlertsSection pageContext={pageContext} view={view} />
    </AccountSubpage>
  );
}

export function AlertsFragment({ pageContext, view }: { pageContext: PageContext; view: AlertsView }) {
  return (
    <SectionAnswer message={said(pageContext, view.notice, view.errors)}>
      <AlertsSection pageContext={pageContext} view={view} />
    </SectionAnswer>
  );
}

function AlertsSection({ pageContext, view }: { pageContext: PageContext; view: AlertsView }) {
  const { t } = pageContext;
  return (
    <div id={ALERTS_ID} tabindex={-1}>
      <SectionNotices pageContext={pageContext} notice={view.notice && t(view.notice)} errors={view.errors} />
      <p>{view.alerts.length === 0 ? t('alerts.none') : t('alerts.count', { count: view.alerts.length, max: view.max })}</p>
      {view.alerts.length > 0 ? <AlertsTable pageContext={pageContext} alerts={view.alerts} /> : null}
      <h2>{t('alerts.addHeading')}</h2>
      <form method="post" action={PATH} hx-post={PATH} {...swap} novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="q"
          label={t('alerts.q')}
          type="text"
          value={view.form.q}
          errors={view.errors}
          autocomplete="off"
          maxlength={200}
        />
        <div class="field">
          <label for="type">{t('alerts.type')}</label>
          <select id="type" name="type">
            <option value="">{t('alerts.anyType')}</option>
            {materials.map((m) => (
              <option value={m} selected={view.form.type === m}>
                {t(`material.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('alerts.save')}</button>
      </form>
    </div>
  );
}

function AlertsTable({ pageContext, alerts }: { pageContext: PageContext; alerts: AlertsView['alerts'] }) {
  const { t } = pageContext;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">{t('alerts.column.query')}</th>
          <th scope="col">{t('alerts.column.type')}</th>
          <th scope="col">{t('alerts.column.since')}</th>
          <th scope="col">{t('alerts.column.action')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <tr>
            <td data-label={t('alerts.column.query')}>
              {alert.query}{' '}
              <a class="small" href={searchUrl({ q: alert.query, type: alert.material, available: false, sort: 'newest', page: 1 }, 1)}>
                {t('alerts.search')}
              </a>
            </td>
            <td data-label={t('alerts.column.type')}>{alert.material ? t(`material.${alert.material}`) : t('alerts.anyType')}</td>
            <td data-label={t('alerts.column.since')}>{alert.since}</td>
            <td data-label={t('alerts.column.action')}>
              <form
                method="post"
                action={`${PATH}/${alert.id}/delete`}
                hx-post={`${PATH}/${alert.id}/delete`}
                {...swap}
                class="inline-form"
              >
                <CsrfField token={pageContext.csrfToken} />
                <button type="submit" class="secondary" aria-label={t('alerts.deleteLabel', { query: alert.query })}>
                  {t('alerts.delete')}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
