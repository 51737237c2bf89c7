/** The sign-in page and the new password registration page. */
import { passwordRules } from '../src/auth/auth.forms.ts';
import type { PasswordPolicy } from '../src/auth/auth.rules.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import { ReservationStep } from './parts/step.tsx';
import type { PageContext } from './page-context.ts';

/** What the login page says above the form, apart from errors. */
export type LoginNotice = 'registered' | 'loggedOut' | 'loggedOutCartEmptied' | 'signInRequired' | 'unlocked';

export interface LoginForm {
  /** Where to go after signing in; already checked to be a local path. */
  next: string;
  cardNumber: string;
  sharedDevice: boolean;
  errors: FormError[];
  notice: LoginNotice | null;
  /** A sign-in failed: point patrons without a password (or with the old birth-date one) to registration, whatever the card. */
  registerHint: boolean;
}

/** The card-number parser's own limit: room for any configured card pattern and its separators. */
const CARD_MAX = 100;
const PASSWORD_MAX = 200;

/**
 * A lock or a throttle is not a mistake in a field: it stands on its own,
 * above the form, rather than under 「入力内容を確認してください」.
 */
const STANDING_REFUSALS: ReadonlySet<string> = new Set(['login.locked', 'login.throttled']);

function splitRefusals(errors: FormError[]): { refusals: FormError[]; fieldErrors: FormError[] } {
  return {
    refusals: errors.filter((error) => STANDING_REFUSALS.has(error.key)),
    fieldErrors: errors.filter((error) => !STANDING_REFUSALS.has(error.key)),
  };
}

function RefusalNotices({ pageContext, refusals }: { pageContext: PageContext; refusals: FormError[] }) {
  return (
    <>
      {refusals.map((refusal) => (
        <p class="notice warning" role="alert">
          {pageContext.t(refusal.key, refusal.params)}
        </p>
      ))}
    </>
  );
}

/**
 * The sign-in page; when a reservation sent the patron here it is step ④
 * of the flow: 「手順 4/8」, a line saying the reservation goes on after
 * signing in, and 『次に進む』.
 */
export function LoginPage({ pageContext, form }: { pageContext: PageContext; form: LoginForm }) {
  const { t } = pageContext;
  const action = form.next === '/account' ? '/login' : `/login?next=${encodeURIComponent(form.next)}`;
  const inReservation = form.next === '/reserve';
  const { refusals, fieldErrors } = splitRefusals(form.errors);
  return (
    <>
      {inReservation ? <ReservationStep pageContext={pageContext} step={4} /> : null}
      <h1>{t('login.title')}</h1>
      {inReservation && form.notice === null ? <p class="notice">{t('reserve.loginNeeded')}</p> : null}
      {form.notice ? (
        <p class={form.notice === 'signInRequired' ? 'notice' : 'notice success'} role="status">
          {t(`login.${form.notice}`)}
        </p>
      ) : null}
      <RefusalNotices pageContext={pageContext} refusals={refusals} />
      <ErrorSummary pageContext={pageContext} errors={fieldErrors} />
      {form.registerHint ? <RegisterHint pageContext={pageContext} /> : null}
      <p>{t('login.lead')}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="card_number"
          label={t('login.cardNumber')}
          hint={t('login.cardNumberHint')}
          type="text"
          value={form.cardNumber}
          errors={fieldErrors}
          autocomplete="username"
          inputmode={pageContext.cardInputMode}
          maxlength={CARD_MAX}
        />
        <Field
          pageContext={pageContext}
          id="password"
          label={t('login.password')}
          type="password"
          errors={fieldErrors}
          autocomplete="current-password"
          maxlength={PASSWORD_MAX}
        />
        <SharedDeviceField pageContext={pageContext} checked={form.sharedDevice} />
        <button type="submit">{t(inReservation ? 'reserve.next' : 'login.submit')}</button>
      </form>
      <p>
        <a href="/register">{t('login.registerLink')}</a>
      </p>
    </>
  );
}

/** After any failed sign-in: a patron with no password yet, or the old birth-date one, registers one. */
function RegisterHint({ pageContext }: { pageContext: PageContext }) {
  const { t } = pageContext;
  return (
    <div class="notice warning" role="alert">
      <p>{t('login.registerHint')}</p>
      <p>
        <a href="/register">{t('login.registerNow')}</a>
      </p>
    </div>
  );
}

/** 「共用のパソコン」: the patron says other people use this computer too, and the session is kept accordingly. */
function SharedDeviceField({ pageContext, checked }: { pageContext: PageContext; checked: boolean }) {
  const { t } = pageContext;
  return (
    <div class="field checkbox">
      <input type="checkbox" id="shared_device" name="shared_device" value="1" checked={checked} aria-describedby="shared_device-hint" />
      <label for="shared_device">{t('login.sharedDevice')}</label>
      <p class="hint" id="shared_device-hint">
        {t('login.sharedDeviceHint')}
      </p>
    </div>
  );
}

export interface RegisterForm {
  cardNumber: string;
  birthDate: string;
  phone: string;
  errors: FormError[];
}

export function RegisterPage({ pageContext, form, policy }: { pageContext: PageContext; form: RegisterForm; policy: PasswordPolicy }) {
  const { t } = pageContext;
  const { refusals, fieldErrors } = splitRefusals(form.errors);
  return (
    <>
      <h1>{t('register.title')}</h1>
      <RefusalNotices pageContext={pageContext} refusals={refusals} />
      <ErrorSummary pageContext={pageContext} errors={fieldErrors} />
      <p>{t('register.lead')}</p>
      <form method="post" action="/register" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="card_number"
          label={t('login.cardNumber')}
          hint={t('login.cardNumberHint')}
          type="text"
          value={form.cardNumber}
          errors={fieldErrors}
          autocomplete="username"
          inputmode={pageContext.cardInputMode}
          maxlength={CARD_MAX}
        />
        <Field
          pageContext={pageContext}
          id="birth_date"
          label={t('register.birthDate')}
          hint={t('register.birthDateHint')}
          type="text"
          value={form.birthDate}
          errors={fieldErrors}
          autocomplete="bday"
          maxlength={40}
        />
        <Field
          pageContext={pageContext}
          id="phone"
          label={t('register.phone')}
          hint={t('register.phoneHint')}
          type="tel"
          value={form.phone}
          errors={fieldErrors}
          autocomplete="tel"
          inputmode="tel"
          maxlength={40}
        />
        <NewPasswordFields
          pageContext={pageContext}
          policy={policy}
          errors={fieldErrors}
          names={{ password: 'password', confirm: 'password_confirm' }}
          labels={{ password: t('register.password'), confirm: t('register.passwordConfirm') }}
        />
        <button type="submit">{t('register.submit')}</button>
      </form>
      <p class="small">{t('register.done')}</p>
    </>
  );
}

/** The new password and its confirmation, with the rules as the first field's hint. */
export function NewPasswordFields(props: {
  pageContext: PageContext;
  policy: PasswordPolicy;
  errors: FormError[];
  names: { password: string; confirm: string };
  labels: { password: string; confirm: string };
}) {
  const { pageContext } = props;
  return (
    <>
      <Field
        pageContext={pageContext}
        id={props.names.password}
        label={props.labels.password}
        hint={passwordRules(pageContext.t, props.policy)}
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        maxlength={PASSWORD_MAX}
      />
      <Field
        pageContext={pageContext}
        id={props.names.confirm}
        label={props.labels.confirm}
        hint={pageContext.t('register.passwordConfirmHint')}
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        maxlength={PASSWORD_MAX}
      />
    </>
  );
}
