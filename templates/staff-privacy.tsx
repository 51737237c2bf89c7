/**
 * Privacy of reading on the staff side, admins only: the patron page's
 * section to export a patron's data or delete the patron, the answer to a
 * deletion, and the statistics without patrons.
 */
import type { MessageKey, MessageParams } from '../src/i18n/index.ts';
import type { StatisticsRow } from '../src/privacy/statistics.repo.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

/** The patron page's admin-only section (rendered there only for admins; its routes refuse anyone else). */
export function PatronPrivacyAdmin({ pageContext, cardNumber }: { pageContext: PageContext; cardNumber: string }) {
  const { t } = pageContext;
  const base = `/staff/admin/patrons/${cardNumber}`;
  return (
    <section aria-labelledby="patron-privacy-title">
      <h2 id="patron-privacy-title">{t('patronPrivacy.heading')}</h2>
      <p>{t('patronPrivacy.lead')}</p>
      <p>
        <a class="button secondary" href={`${base}/data`} download={`patron-${cardNumber}.json`}>
          {t('patronPrivacy.download')}
        </a>
      </p>
      <h3>{t('patronPrivacy.deleteHeading')}</h3>
      <p>{t('patronPrivacy.deleteLead')}</p>
      <form method="post" action={`${base}/delete`} novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="confirm_card"
          label={t('patronPrivacy.confirm')}
          type="text"
          errors={[]}
          autocomplete="off"
          inputmode={pageContext.cardInputMode}
          maxlength={40}
        />
        <button type="submit">{t('patronPrivacy.delete')}</button>
      </form>
    </section>
  );
}

/** The answer to a deletion: done, or why nothing was deleted. */
export function PatronDeletionPage({
  pageContext,
  staff,
  outcome,
  cardNumber,
}: {
  pageContext: PageContext;
  staff: Staff;
  outcome: { done: boolean; key: MessageKey; params?: MessageParams };
  cardNumber: string;
}) {
  const { t } = pageContext;
  return (
    <StaffPage
      pageContext={pageContext}
      staff={staff}
      title={t(outcome.done ? 'patronPrivacy.deletedTitle' : 'patronPrivacy.deleteHeading')}
    >
      <p class={outcome.done ? 'notice success' : 'notice warning'} role={outcome.done ? 'status' : 'alert'}>
        {t(outcome.key, outcome.params)}
      </p>
      <p>
        {outcome.done ? (
          <a href="/staff/patrons">{t('patronPrivacy.toLookup')}</a>
        ) : (
          <a href={`/staff/patrons/${cardNumber}`}>{t('support.title', { name: cardNumber })}</a>
        )}
      </p>
    </StaffPage>
  );
}

export interface StatisticsView {
  from: string;
  to: string;
  rows: StatisticsRow[];
  /** Place names by code. */
  places: Record<string, string>;
  errors: FormError[];
}

const COUNTS = ['loans', 'returns', 'holdsPlaced', 'holdsFulfilled'] as const;

export function StatisticsPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: StatisticsView }) {
  const { t } = pageContext;
  const query = new URLSearchParams({ from: view.from, to: view.to }).toString();
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('statistics.title')}>
      <p>{t('statistics.lead')}</p>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <form method="get" action="/staff/admin/statistics" novalidate>
        <Field
          pageContext={pageContext}
          id="from"
          label={t('statistics.from')}
          hint={t('statistics.dateHint')}
          type="text"
          value={view.from}
          errors={view.errors}
          autocomplete="off"
          maxlength={10}
        />
        <Field
          pageContext={pageContext}
          id="to"
          label={t('statistics.to')}
          type="text"
          value={view.to}
          errors={view.errors}
          autocomplete="off"
          maxlength={10}
        />
        <button type="submit">{t('statistics.show')}</button>
      </form>
      {view.errors.length > 0 ? null : (
        <>
          <p>
            <a class="button secondary" href={`/staff/admin/statistics.csv?${query}`}>
              {t('statistics.csv')}
            </a>
          </p>
          <StatisticsTable pageContext={pageContext} view={view} />
        </>
      )}
    </StaffPage>
  );
}

function StatisticsTable({ pageContext, view }: { pageContext: PageContext; view: StatisticsView }) {
  const { t } = pageContext;
  if (view.rows.length === 0) return <p>{t('statistics.empty')}</p>;
  const total = (key: (typeof COUNTS)[number]) => view.rows.reduce((sum, row) => sum + row[key], 0);
  return (
    <table class="responsive">
      <caption>{t('statistics.caption', { from: view.from, to: view.to })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('statistics.column.day')}</th>
          <th scope="col">{t('statistics.column.place')}</th>
          <th scope="col">{t('statistics.column.material')}</th>
          {COUNTS.map((key) => (
            <th scope="col">{t(`statistics.column.${key}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {view.rows.map((row) => (
          <tr>
            <td data-label={t('statistics.column.day')}>{row.day}</td>
            <td data-label={t('statistics.column.place')}>
              {row.place === null ? t('statistics.unknownPlace') : (view.places[row.place] ?? row.place)}
            </td>
            <td data-label={t('statistics.column.material')}>{t(`material.${row.material}`)}</td>
            {COUNTS.map((key) => (
              <td data-label={t(`statistics.column.${key}`)}>{row[key]}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan={3}>
            {t('statistics.total')}
          </th>
          {COUNTS.map((key) => (
            <td data-label={t(`statistics.column.${key}`)}>{total(key)}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
