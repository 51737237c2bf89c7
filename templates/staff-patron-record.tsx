/**
 * The patron record at the counter: registering a new patron (the card
 * scanned first), and one patron's record with its edit form, block or
 * unblock, and card reissue.
 */
import type { MessageKey } from '../src/i18n/index.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { CardField } from './staff-circulation.tsx';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const recordNotices = ['registered', 'edited', 'unchanged', 'blocked', 'unblocked', 'reissued'] as const;
export type RecordNotice = (typeof recordNotices)[number];

export type NewPatronFields = Record<'card_number' | 'name' | 'name_kana' | 'birth_date' | 'phone' | 'email' | 'category', string>;
export type PatronDetailFields = Record<'name' | 'name_kana' | 'phone' | 'email' | 'expires_on' | 'category', string>;

/** A patron category the forms offer: its code and its name in the page's language. */
export interface CategoryOption {
  code: string;
  name: string;
}

function TextField(props: {
  pageContext: PageContext;
  id: string;
  value: string;
  errors: FormError[];
  hint?: boolean;
  type?: 'text' | 'tel' | 'email';
}) {
  const { t } = props.pageContext;
  return (
    <Field
      pageContext={props.pageContext}
      id={props.id}
      label={t(`patronDesk.field.${props.id}` as MessageKey)}
      hint={props.hint ? t(`patronDesk.hint.${props.id}` as MessageKey) : undefined}
      type={props.type ?? 'text'}
      value={props.value}
      errors={props.errors}
      autocomplete="off"
      maxlength={200}
    />
  );
}

/** 利用者区分, offered only when the settings name categories; the first choice is none (the library's own terms). */
function CategoryField(props: { pageContext: PageContext; value: string; categories: CategoryOption[]; errors: FormError[] }) {
  const { t } = props.pageContext;
  if (props.categories.length === 0) return null;
  const error = props.errors.find((e) => e.field === 'category');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="category">{t('patronDesk.field.category')}</label>
      {error ? (
        <p class="field-error" id="category-error">
          {t(error.key)}
        </p>
      ) : null}
      <select id="category" name="category" aria-describedby={error ? 'category-error' : undefined}>
        <option value="" selected={props.value === ''}>
          {t('patronDesk.category.none')}
        </option>
        {props.categories.map((category) => (
          <option value={category.code} selected={props.value === category.code}>
            {category.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NewPatronPage(props: {
  pageContext: PageContext;
  staff: Staff;
  fields: NewPatronFields;
  categories: CategoryOption[];
  errors: FormError[];
}) {
  const { pageContext, fields, errors } = props;
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={props.staff} title={t('patronDesk.new.title')}>
      <ErrorSummary pageContext={pageContext} errors={errors} />
      <form method="post" action="/staff/patrons/new" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <CardField pageContext={pageContext} value={fields.card_number} errors={errors} />
        <TextField pageContext={pageContext} id="name" value={fields.name} errors={errors} />
        <TextField pageContext={pageContext} id="name_kana" value={fields.name_kana} errors={errors} />
        <TextField pageContext={pageContext} id="birth_date" value={fields.birth_date} errors={errors} hint />
        <TextField pageContext={pageContext} id="phone" value={fields.phone} errors={errors} type="tel" />
        <TextField pageContext={pageContext} id="email" value={fields.email} errors={errors} type="email" hint />
        <CategoryField pageContext={pageContext} value={fields.category} categories={props.categories} errors={errors} />
        <button type="submit">{t('patronDesk.new.submit')}</button>
      </form>
    </StaffPage>
  );
}

export interface PatronRecordView {
  cardNumber: string;
  name: string;
  blockedReason: string | null;
  fields: PatronDetailFields;
  categories: CategoryOption[];
  notice: RecordNotice | null;
  errors: FormError[];
}

export function PatronRecordPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: PatronRecordView }) {
  const { t } = pageContext;
  const base = `/staff/patrons/${view.cardNumber}`;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('patronDesk.record.title', { name: view.name })}>
      {view.notice ? (
        <p class="notice success" role="status">
          {t(`patronDesk.done.${view.notice}`)}
        </p>
      ) : null}
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <p>
        <a href={base}>{t('patronDesk.record.back', { card: view.cardNumber })}</a>
      </p>
      <form method="post" action={`${base}/edit`} novalidate>
        <CsrfField token={pageContext.csrfToken} />
        {(['name', 'name_kana', 'phone', 'email', 'expires_on'] as const).map((id) => (
          <TextField
            pageContext={pageContext}
            id={id}
            value={view.fields[id]}
            errors={view.errors}
            hint={id === 'expires_on' || id === 'email'}
          />
        ))}
        <CategoryField pageContext={pageContext} value={view.fields.category} categories={view.categories} errors={view.errors} />
        <button type="submit">{t('patronDesk.edit.submit')}</button>
      </form>
      <BlockSection pageContext={pageContext} base={base} blockedReason={view.blockedReason} errors={view.errors} />
      <section aria-labelledby="reissue-heading">
        <h2 id="reissue-heading">{t('patronDesk.reissue.heading')}</h2>
        <p>{t('patronDesk.reissue.lead', { card: view.cardNumber })}</p>
        <form method="post" action={`${base}/reissue`} novalidate>
          <CsrfField token={pageContext.csrfToken} />
          <CardField pageContext={pageContext} value="" errors={view.errors} />
          <button type="submit" class="secondary">
            {t('patronDesk.reissue.submit')}
          </button>
        </form>
      </section>
    </StaffPage>
  );
}

function BlockSection(props: { pageContext: PageContext; base: string; blockedReason: string | null; errors: FormError[] }) {
  const { pageContext, base, blockedReason } = props;
  const { t } = pageContext;
  return (
    <section aria-labelledby="block-heading">
      <h2 id="block-heading">{t('patronDesk.block.heading')}</h2>
      {blockedReason !== null ? (
        <form method="post" action={`${base}/unblock`}>
          <p class="notice warning">{t('patronDesk.block.current', { reason: blockedReason })}</p>
          <CsrfField token={pageContext.csrfToken} />
          <button type="submit" class="secondary">
            {t('patronDesk.block.lift')}
          </button>
        </form>
      ) : (
        <form method="post" action={`${base}/block`} novalidate>
          <CsrfField token={pageContext.csrfToken} />
          <TextField pageContext={pageContext} id="reason" value="" errors={props.errors} hint />
          <button type="submit" class="secondary">
            {t('patronDesk.block.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
