/** The account page (利用照会) and its settings pages: password, e-mail address, e-mail confirmation. */
import { CardStandingNotice, type CardStanding } from './parts/card-standing.tsx';
import type { PasswordPolicy } from '../src/auth/auth.rules.ts';
import type { MessageKey, MessageParams } from '../src/i18n/index.ts';
import type { HoldLists } from '../src/holds/holds.repo.ts';
import { NewPasswordFields } from './auth.tsx';
import { HoldsSection } from './holds.tsx';
import { LoansSection, type LoansView } from './loans.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';

/** A message shown once after a settings change (the redirect carries its name). */
export interface Notice {
  key: MessageKey;
  params?: MessageParams;
}

export interface AccountEmail {
  address: string;
  confirmed: boolean;
  /** When the mail server refused the address for good, formatted; null while mail gets through. */
  undeliverableAt: string | null;
}

export interface AccountView {
  cardNumber: string;
  /** The name of the patron's category (利用者区分) in the page's language; null for none. */
  category: string | null;
  /** Why this card may not borrow or reserve today; null when it may. */
  standing: CardStanding | null;
  email: AccountEmail | null;
  /** When the last mail to the patron was handed to the mail server, formatted. */
  lastSentAt: string | null;
  /** The domain patrons allow in their phone's mail filter. */
  mailDomain: string;
  notice: Notice | null;
  loans: LoansView;
  holds: HoldLists;
  /** The library's, for the hold lists' dates. */
  timeZone: string;
  /** The reminder's period when the password is older than it; null: no reminder. */
  passwordReminderDays: number | null;
}

/**
 * The address's one state, said the same on every page: a bounce outranks
 * 確認済み, since a confirmed address that now bounces gets no mail.
 */
function EmailStanding({ pageContext, email }: { pageContext: PageContext; email: AccountEmail }) {
  const key = email.undeliverableAt
    ? 'account.emailUndeliverable'
    : email.confirmed
      ? 'account.emailConfirmed'
      : 'account.emailUnconfirmed';
  return (
    <span class={key === 'account.emailConfirmed' ? 'status ok' : 'status error'}>
      {pageContext.t('common.aside', { aside: pageContext.t(key) })}
    </span>
  );
}

/** The bounce warning, on the account page and on the e-mail page alike. */
function UndeliverableNotice({ pageContext, email, link }: { pageContext: PageContext; email: AccountEmail | null; link: boolean }) {
  if (!email?.undeliverableAt) return null;
  return (
    <div class="notice warning" role="alert">
      <p>{pageContext.t('account.undeliverable', { email: email.address, at: email.undeliverableAt })}</p>
      {link ? (
        <p>
          <a href="/account/email">{pageContext.t('account.changeEmail')}</a>
        </p>
      ) : null}
    </div>
  );
}

function NoticeBox({ pageContext, notice }: { pageContext: PageContext; notice: Notice | null }) {
  return notice ? (
    <p class="notice success" role="status">
      {pageContext.t(notice.key, notice.params)}
    </p>
  ) : null;
}

export function AccountPage({ pageContext, view }: { pageContext: PageContext; view: AccountView }) {
  const { t } = pageContext;
  const email = view.email;
  return (
    <>
      <h1>{t('account.title')}</h1>
      <NoticeBox pageContext={pageContext} notice={view.notice} />
      <CardStandingNotice pageContext={pageContext} standing={view.standing} />
      <UndeliverableNotice pageContext={pageContext} email={email} link />
      <dl class="account-summary">
        <dt>{t('account.cardNumber')}</dt>
        <dd>{view.cardNumber}</dd>
        {view.category !== null ? (
          <>
            <dt>{t('account.category')}</dt>
            <dd>{view.category}</dd>
          </>
        ) : null}
        <dt>{t('account.email')}</dt>
        <dd>
          {email ? (
            <>
              {email.address} <EmailStanding pageContext={pageContext} email={email} />
              {email.confirmed ? null : <p class="hint">{t('account.unconfirmedHint', { domain: view.mailDomain })}</p>}
              {view.lastSentAt ? <p class="hint">{t('account.lastSent', { at: view.lastSentAt })}</p> : null}
            </>
          ) : (
            t('account.emailNone')
          )}
        </dd>
      </dl>
      {view.passwordReminderDays !== null ? (
        <p class="notice">
          {t('account.passwordReminder', { days: view.passwordReminderDays })} <a href="/account/password">{t('account.changePassword')}</a>
        </p>
      ) : null}
      <LoansSection pageContext={pageContext} view={view.loans} />
      <HoldsSection
        pageContext={pageContext}
        view={{ kind: 'lists', lists: view.holds, notice: null, errors: [] }}
        timeZone={view.timeZone}
      />
      <section id="settings" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('account.settings')}</h2>
        <ul>
          <li>
            <a href="/account/password">{t('account.changePassword')}</a>
          </li>
          <li>
            <a href="/account/email">{t('account.changeEmail')}</a>
          </li>
          <li>
            <a href="/account/notices">{t('notices.link')}</a>
          </li>
          <li>
            <a href="/account/history">{t('history.link')}</a>
          </li>
          <li>
            <a href="/account/favourites">{t('favourites.link')}</a>
          </li>
          <li>
            <a href="/account/card">{t('card.link')}</a>
          </li>
          <li>
            <a href="/account/calendar">{t('calendarFeed.link')}</a>
          </li>
          <li>
            <a href="/account/alerts">{t('alerts.link')}</a>
          </li>
        </ul>
      </section>
    </>
  );
}

export interface PasswordForm {
  errors: FormError[];
}

export function PasswordPage({ pageContext, form, policy }: { pageContext: PageContext; form: PasswordForm; policy: PasswordPolicy }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('accountPassword.title')}</h1>
      <ErrorSummary pageContext={pageContext} errors={form.errors} />
      <form method="post" action="/account/password" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="current_password"
          label={t('accountPassword.current')}
          type="password"
          errors={form.errors}
          autocomplete="current-password"
          maxlength={200}
        />
        <NewPasswordFields
          pageContext={pageContext}
          policy={policy}
          errors={form.errors}
          names={{ password: 'new_password', confirm: 'new_password_confirm' }}
          labels={{ password: t('accountPassword.new'), confirm: t('accountPassword.confirm') }}
        />
        <button type="submit">{t('accountPassword.submit')}</button>
      </form>
      <p>
        <a href="/account">{t('accountPassword.back')}</a>
      </p>
    </>
  );
}

export interface EmailForm {
  /** The address on file, if any. */
  current: AccountEmail | null;
  /** What the field shows: the address typed, or the one on file. */
  value: string;
  errors: FormError[];
  notice: Notice | null;
  mailDomain: string;
  testMailsPerDay: number;
}

export function EmailPage({ pageContext, form }: { pageContext: PageContext; form: EmailForm }) {
  const { t } = pageContext;
  const current = form.current;
  return (
    <>
      <h1>{t('accountEmail.title')}</h1>
      <NoticeBox pageContext={pageContext} notice={form.notice} />
      <ErrorSummary pageContext={pageContext} errors={form.errors} />
      <UndeliverableNotice pageContext={pageContext} email={current} link={false} />
      <p>{t('accountEmail.lead')}</p>
      {current ? (
        <p>
          {t('accountEmail.current', { email: current.address })} <EmailStanding pageContext={pageContext} email={current} />
        </p>
      ) : null}
      <form method="post" action="/account/email" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="email"
          label={t('accountEmail.label')}
          hint={t('accountEmail.hint', { domain: form.mailDomain })}
          type="email"
          value={form.value}
          errors={form.errors}
          autocomplete="email"
          inputmode="email"
          maxlength={254}
        />
        <button type="submit">{t('accountEmail.save')}</button>
      </form>
      {current ? <AddressOnFileActions pageContext={pageContext} current={current} testMailsPerDay={form.testMailsPerDay} /> : null}
      <p>
        <a href="/account">{t('accountPassword.back')}</a>
      </p>
    </>
  );
}

/** What a patron can do with the address on file: resend the confirmation while unconfirmed, send a test mail, delete it. */
function AddressOnFileActions({
  pageContext,
  current,
  testMailsPerDay,
}: {
  pageContext: PageContext;
  current: NonNullable<EmailForm['current']>;
  testMailsPerDay: number;
}) {
  const { t } = pageContext;
  return (
    <>
      {current.confirmed ? null : (
        <form method="post" action="/account/email">
          <CsrfField token={pageContext.csrfToken} />
          <input type="hidden" name="email" value={current.address} />
          <button type="submit" class="secondary">
            {t('accountEmail.resend')}
          </button>
        </form>
      )}
      <form method="post" action="/account/email/test">
        <CsrfField token={pageContext.csrfToken} />
        <p class="hint" id="test-hint">
          {t('accountEmail.testHint', { limit: testMailsPerDay })}
        </p>
        <button type="submit" class="secondary" aria-describedby="test-hint">
          {t('accountEmail.test')}
        </button>
      </form>
      <form method="post" action="/account/email/delete">
        <CsrfField token={pageContext.csrfToken} />
        <button type="submit" class="secondary">
          {t('accountEmail.delete')}
        </button>
      </form>
    </>
  );
}

/** The answer to a confirmation link: done, expired or unusable. */
export function ConfirmEmailPage({ pageContext, message }: { pageContext: PageContext; message: Notice }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('accountEmail.confirmTitle')}</h1>
      <p class="notice" role="status">
        {t(message.key, message.params)}
      </p>
      <p>
        <a href="/account">{t('accountEmail.toAccount')}</a>
      </p>
    </>
  );
}
