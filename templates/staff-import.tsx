/** The staff import screen: the upload form with the recent imports, and one import's page that follows its job. */
import type { ImportJobStatus, ImportKind, ImportReport } from '../src/db/schema.ts';
import { formatDateTime } from '../src/i18n/format.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import { Radios } from './parts/radios.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export interface ImportJobSummary {
  id: number;
  kind: ImportKind;
  file_name: string;
  status: ImportJobStatus;
  done: number;
  total: number;
  created_at: Date;
}

export interface ImportView {
  kind: ImportKind;
  errors: FormError[];
  recent: ImportJobSummary[];
  timeZone: string;
}

export interface ImportJobView extends ImportJobSummary {
  report: ImportReport | null;
  error: string | null;
}

const kinds: readonly ImportKind[] = ['catalog', 'patrons', 'copies'];
const kindLabels: Record<ImportKind, MessageKey> = {
  catalog: 'admin.import.kind.catalog',
  patrons: 'admin.import.kind.patrons',
  copies: 'admin.import.kind.copies',
};
const statusLabels: Record<ImportJobStatus, MessageKey> = {
  queued: 'admin.import.job.queued',
  running: 'admin.import.job.running',
  done: 'admin.import.job.done',
  failed: 'admin.import.job.failed',
};
const countLabels: Record<ImportKind, MessageKey> = {
  catalog: 'admin.import.counts',
  patrons: 'admin.import.counts.patrons',
  copies: 'admin.import.counts.copies',
};

export function ImportPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: ImportView }) {
  const { t } = pageContext;
  const error = view.errors.find((e) => e.field === 'file');
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('admin.import.title')}>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <form method="post" action="/staff/admin/import" enctype="multipart/form-data">
        <CsrfField token={pageContext.csrfToken} />
        <Radios
          pageContext={pageContext}
          name="kind"
          legend={t('admin.import.kind')}
          options={kinds.map((kind) => ({ value: kind, label: t(kindLabels[kind]) }))}
          checked={view.kind}
          errors={view.errors}
        />
        <div class={error ? 'field has-error' : 'field'}>
          <label for="file">{t('admin.import.file')}</label>
          <p class="hint" id="file-hint">
            {t('admin.import.hint')}
          </p>
          {error ? (
            <p class="field-error" id="file-error">
              {t(error.key, error.params)}
            </p>
          ) : null}
          <input
            type="file"
            id="file"
            name="file"
            accept=".mrc,.xml,.csv"
            aria-describedby={error ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <button type="submit">{t('admin.import.submit')}</button>
      </form>
      {view.recent.length > 0 ? (
        <section aria-labelledby="recent-imports">
          <h2 id="recent-imports">{t('admin.import.recent')}</h2>
          <ul>
            {view.recent.map((job) => (
              <li>
                <a href={`/staff/admin/import/jobs/${job.id}`}>
                  {formatDateTime(job.created_at, pageContext.locale, view.timeZone)} {t(kindLabels[job.kind])} {job.file_name}
                </a>
                : {t(statusLabels[job.status])}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </StaffPage>
  );
}

export function ImportJobPage({ pageContext, staff, job }: { pageContext: PageContext; staff: Staff; job: ImportJobView }) {
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('admin.import.job.title')}>
      <p>
        {t(kindLabels[job.kind])}: {job.file_name}
      </p>
      <ImportJobStatusPanel pageContext={pageContext} job={job} />
      <p>
        <a href="/staff/admin/import">{t('admin.import.another')}</a>
      </p>
    </StaffPage>
  );
}

/** The job's state; while it runs, htmx fetches it again every two seconds, and the link does the same without JavaScript. */
export function ImportJobStatusPanel({ pageContext, job }: { pageContext: PageContext; job: ImportJobView }) {
  const { t } = pageContext;
  const url = `/staff/admin/import/jobs/${job.id}`;
  const running = job.status === 'queued' || job.status === 'running';
  const report = job.report;
  return (
    <section
      id="import-job"
      role="status"
      aria-labelledby="import-job-status"
      class={job.status === 'failed' ? 'notice error' : job.status === 'done' ? 'notice success' : 'notice'}
      {...(running ? { 'hx-get': url, 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' } : {})}
    >
      <h2 id="import-job-status">{t(statusLabels[job.status])}</h2>
      {running ? (
        <>
          <p>
            <progress max={Math.max(job.total, 1)} value={job.done} aria-label={t('admin.import.job.title')} />{' '}
            {t('admin.import.job.progress', { done: job.done, total: job.total })}
          </p>
          <p>{t('admin.import.job.leave')}</p>
          <p>
            <a href={url}>{t('admin.import.job.refresh')}</a>
          </p>
        </>
      ) : null}
      {job.error ? <p>{t('admin.import.job.error', { error: job.error })}</p> : null}
      {report ? (
        <>
          <p>{t(countLabels[job.kind], { read: report.read, ...report.counts })}</p>
          <ReportList pageContext={pageContext} title="admin.import.rejected" items={report.rejected} />
          <ReportList pageContext={pageContext} title="admin.import.warnings" items={report.warnings} />
        </>
      ) : null}
    </section>
  );
}

function ReportList({ pageContext, title, items }: { pageContext: PageContext; title: MessageKey; items: ImportReport['rejected'] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{pageContext.t(title)}</h3>
      <ul>
        {items.map((r) => (
          <li>
            {r.position}: {r.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
