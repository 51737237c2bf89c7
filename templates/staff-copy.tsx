/** One copy at the staff desk (/staff/copies/:barcode): its state, the status and shelf-mark form, and its history without patrons. */
import type { CopyPage } from '../src/copies/copy-desk.repo.ts';
import { type CopyChoice, copyChoices } from '../src/copies/copy-status.rules.ts';
import { formatDateTime } from '../src/i18n/format.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import type { PlaceNames } from './staff-circulation.tsx';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export function CopyLookupPage(props: { pageContext: PageContext; staff: Staff; barcode: string; errors: FormError[] }) {
  const { pageContext } = props;
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={props.staff} title={t('copyDesk.lookup.title')}>
      <ErrorSummary pageContext={pageContext} errors={props.errors} />
      <form method="get" action="/staff/copies" novalidate>
        <Field
          pageContext={pageContext}
          id="barcode"
          label={t('desk.barcode')}
          type="text"
          value={props.barcode}
          errors={props.errors}
          autocomplete="off"
          maxlength={100}
        />
        <button type="submit">{t('copyDesk.lookup.submit')}</button>
      </form>
    </StaffPage>
  );
}

export interface CopyView {
  copy: CopyPage;
  current: CopyChoice | null;
  places: PlaceNames;
  timeZone: string;
  notice: 'saved' | 'loanClosed' | null;
  errors: FormError[];
}

export function CopyDeskPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: CopyView }) {
  const { t, locale } = pageContext;
  const { copy } = view;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('copyDesk.title', { barcode: copy.barcode })}>
      {view.notice ? (
        <p class="notice success" role="status">
          {t(`copyDesk.done.${view.notice}`)}
        </p>
      ) : null}
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <dl>
        <dt>{t('copyDesk.record')}</dt>
        <dd>
          <a href={`/records/${copy.recordId}`}>{copy.title}</a>
        </dd>
        <dt>{t('copyDesk.state')}</dt>
        <dd>
          {t(`copyDesk.status.${copy.status}` as MessageKey)}
          {copy.referenceOnly ? t('common.aside', { aside: t('copyDesk.choice.reference_only') }) : ''}
        </dd>
        <dt>{t('copyDesk.homePlace')}</dt>
        <dd>{view.places[copy.homePlace] ?? copy.homePlace}</dd>
        <dt>{t('copyDesk.currentPlace')}</dt>
        <dd>{view.places[copy.currentPlace] ?? copy.currentPlace}</dd>
      </dl>
      <form method="post" action={`/staff/copies/${copy.barcode}`} novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <fieldset>
          <legend>{t('copyDesk.choice.legend')}</legend>
          {copyChoices.map((choice) => (
            <div class="radio">
              <input type="radio" id={`status-${choice}`} name="status" value={choice} checked={choice === view.current} />
              <label for={`status-${choice}`}>{t(`copyDesk.choice.${choice}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field
          pageContext={pageContext}
          id="shelf_mark"
          label={t('copyDesk.shelfMark')}
          type="text"
          value={copy.shelfMark}
          errors={view.errors}
          autocomplete="off"
          maxlength={200}
        />
        <button type="submit">{t('copyDesk.submit')}</button>
      </form>
      <h2>{t('copyDesk.history')}</h2>
      {copy.history.length === 0 ? (
        <p>{t('copyDesk.history.none')}</p>
      ) : (
        <ul>
          {copy.history.map((line) => (
            <li>
              {formatDateTime(line.at, locale, view.timeZone)} {line.action} {line.staff ? t('common.aside', { aside: line.staff }) : ''}
            </li>
          ))}
        </ul>
      )}
    </StaffPage>
  );
}
