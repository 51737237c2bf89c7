/** The audit log for admins (/staff/admin/audit): a filter form, the lines newest first, and pages. */
import type { AuditLine } from '../src/audit/audit-log.repo.ts';
import { formatDateTime } from '../src/i18n/format.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

export type AuditQuery = Record<'staff' | 'card' | 'from' | 'to', string>;

export interface AuditView {
  query: AuditQuery;
  page: number;
  lines: AuditLine[];
  more: boolean;
  timeZone: string;
  errors: FormError[];
}

function pageLink(query: AuditQuery, page: number): string {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== ''));
  params.set('page', String(page));
  return `/staff/admin/audit?${params}`;
}

export function AuditPage({
  pageContext,
  staff,
  view,
}: {
  pageContext: PageContext;
  staff: Pick<StaffMember, 'username' | 'role'>;
  view: AuditView;
}) {
  const { t, locale } = pageContext;
  const field = (id: keyof AuditQuery, hint?: string) => (
    <Field
      pageContext={pageContext}
      id={id}
      label={t(`audit.filter.${id}`)}
      hint={hint}
      type="text"
      value={view.query[id]}
      errors={view.errors}
      autocomplete="off"
      maxlength={100}
    />
  );
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('audit.title')}>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <form method="get" action="/staff/admin/audit" novalidate>
        {field('staff')}
        {field('card')}
        {field('from', t('audit.filter.dateHint'))}
        {field('to', t('audit.filter.dateHint'))}
        <button type="submit">{t('audit.filter.submit')}</button>
      </form>
      {view.lines.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('audit.column.at')}</th>
              <th scope="col">{t('audit.column.staff')}</th>
              <th scope="col">{t('audit.column.action')}</th>
              <th scope="col">{t('audit.column.subject')}</th>
              <th scope="col">{t('audit.column.details')}</th>
            </tr>
          </thead>
          <tbody>
            {view.lines.map((line) => (
              <tr>
                <td data-label={t('audit.column.at')}>{formatDateTime(line.at, locale, view.timeZone)}</td>
                <td data-label={t('audit.column.staff')}>{line.staff ?? t('audit.noStaff')}</td>
                <td data-label={t('audit.column.action')}>{line.action}</td>
                <td data-label={t('audit.column.subject')}>
                  {[line.cardNumber, line.barcode, line.title].filter((part) => part !== null).join(' / ')}
                </td>
                <td data-label={t('audit.column.details')} class="wrap-anywhere">
                  <code>{JSON.stringify(line.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t('audit.pages')}>
        {view.page > 1 ? <a href={pageLink(view.query, view.page - 1)}>{t('audit.newer')}</a> : null}{' '}
        {view.more ? <a href={pageLink(view.query, view.page + 1)}>{t('audit.older')}</a> : null}
      </nav>
    </StaffPage>
  );
}
