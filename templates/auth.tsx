/** The sign-in page and the new password registration page. */
import { passwordRules } from '../src/auth/auth.forms.ts';
import type { PasswordPolicy } from '../src/auth/auth.rules.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { Shell } from './shell.ts';

/** What the login page says above the form, apart from errors. */
export type LoginNotice = 'registered' | 'loggedOut' | 'signInRequired';

export interface LoginForm {
  /** Where to go after signing in; already checked to be a local path. */
  next: string;
  cardNumber: string;
  sharedDevice: boolean;
  errors: FormError[];
  notice: LoginNotice | null;
  /** The card has no usable password: point the patron to registration. */
  registerHint: 'noPassword' | 'legacy' | null;
}

/** The card-number parser's own limit: room for any configured card pattern and its separators. */
const CARD_MAX = 100;
const PASSWORD_MAX = 200;

export function LoginPage({ shell, form }: { shell: Shell; form: LoginForm }) {
  const { t } = shell;
  const action = form.next === '/account' ? '/login' : `/login?next=${encodeURIComponent(form.next)}`;
  return (
    <>
      <h1>{t('login.title')}</h1>
      {form.notice ? (
        <p class={form.notice === 'signInRequired' ? 'notice' : 'notice success'} role="status">
          {t(`login.${form.notice}`)}
        </p>
      ) : null}
      <ErrorSummary shell={shell} errors={form.errors} />
      {form.registerHint ? <RegisterHint shell={shell} hint={form.registerHint} /> : null}
      <p>{t('login.lead')}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={shell.csrfToken} />
        <Field
          shell={shell}
          id="card_number"
          label={t('login.cardNumber')}
          hint={t('login.cardNumberHint')}
          type="text"
          value={form.cardNumber}
          errors={form.errors}
          autocomplete="username"
          inputmode={shell.cardInputMode}
          maxlength={CARD_MAX}
        />
        <Field
          shell={shell}
          id="password"
          label={t('login.password')}
          type="password"
          errors={form.errors}
          autocomplete="current-password"
          maxlength={PASSWORD_MAX}
        />
        <SharedDeviceField shell={shell} checked={form.sharedDevice} />
        <button type="submit">{t('login.submit')}</button>
      </form>
      <p>
        <a href="/register">{t('login.registerLink')}</a>
      </p>
    </>
  );
}

/** Sent here with a card that has no usable password: registration sets one. */
function RegisterHint({ shell, hint }: { shell: Shell; hint: NonNullable<LoginForm['registerHint']> }) {
  const { t } = shell;
  return (
    <div class="notice warning" role="alert">
      <p>{t(hint === 'legacy' ? 'login.legacy' : 'login.noPassword')}</p>
      <p>
        <a href="/register">{t('login.registerNow')}</a>
      </p>
    </div>
  );
}

/** 「共用のパソコン」: the patron says other people use this computer too, and the session is kept accordingly. */
function SharedDeviceField({ shell, checked }: { shell: Shell; checked: boolean }) {
  const { t } = shell;
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

export function RegisterPage({ shell, form, policy }: { shell: Shell; form: RegisterForm; policy: PasswordPolicy }) {
  const { t } = shell;
  return (
    <>
      <h1>{t('register.title')}</h1>
      <ErrorSummary shell={shell} errors={form.errors} />
      <p>{t('register.lead')}</p>
      <form method="post" action="/register" novalidate>
        <CsrfField token={shell.csrfToken} />
        <Field
          shell={shell}
          id="card_number"
          label={t('login.cardNumber')}
          hint={t('login.cardNumberHint')}
          type="text"
          value={form.cardNumber}
          errors={form.errors}
          autocomplete="username"
          inputmode={shell.cardInputMode}
          maxlength={CARD_MAX}
        />
        <Field
          shell={shell}
          id="birth_date"
          label={t('register.birthDate')}
          hint={t('register.birthDateHint')}
          type="text"
          value={form.birthDate}
          errors={form.errors}
          autocomplete="bday"
          maxlength={40}
        />
        <Field
          shell={shell}
          id="phone"
          label={t('register.phone')}
          hint={t('register.phoneHint')}
          type="tel"
          value={form.phone}
          errors={form.errors}
          autocomplete="tel"
          inputmode="tel"
          maxlength={40}
        />
        <NewPasswordFields
          shell={shell}
          policy={policy}
          errors={form.errors}
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
  shell: Shell;
  policy: PasswordPolicy;
  errors: FormError[];
  names: { password: string; confirm: string };
  labels: { password: string; confirm: string };
}) {
  const { shell } = props;
  return (
    <>
      <Field
        shell={shell}
        id={props.names.password}
        label={props.labels.password}
        hint={passwordRules(shell.t, props.policy)}
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        maxlength={PASSWORD_MAX}
      />
      <Field
        shell={shell}
        id={props.names.confirm}
        label={props.labels.confirm}
        hint={shell.t('register.passwordConfirmHint')}
        type="password"
        errors={props.errors}
        autocomplete="new-password"
        maxlength={PASSWORD_MAX}
      />
    </>
  );
}
