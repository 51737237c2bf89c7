/**
 * Staff accounts (/staff/admin/staff): the list with each account's role,
 * state and lock, the form that creates one, and per account: role,
 * disable/enable, password reset, unlock.
 */
import { formatDateTime } from '../src/i18n/format.ts';
import type { StaffAccount, StaffMember } from '../src/staff/staff.repo.ts';
import { staffRoles } from '../src/staff/staff.rules.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const accountNotices = ['unlocked', 'created', 'disabled', 'enabled', 'role', 'password'] as const;
export type AccountNotice = (typeof accountNotices)[number];

export interface StaffAccountsView {
  accounts: StaffAccount[];
  now: Date;
  timeZone: string;
  notice: AccountNotice | null;
  errors: FormError[];
  /** What the create form had, kept when it is shown again with its errors. */
  newUsername: string;
}

export function StaffAccountsPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: StaffAccountsView }) {
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('admin.staff.title')}>
      {view.notice ? (
        <p class="notice success" role="status">
          {t(view.notice === 'unlocked' ? 'admin.staff.unlocked' : `staffAccounts.done.${view.notice}`)}
        </p>
      ) : null}
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <p class="hint">{t('admin.staff.hint')}</p>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('staffLogin.username')}</th>
            <th scope="col">{t('admin.staff.role')}</th>
            <th scope="col">{t('admin.staff.state')}</th>
            <th scope="col">{t('staffAccounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {view.accounts.map((account) => (
            <AccountRow pageContext={pageContext} account={account} view={view} />
          ))}
        </tbody>
      </table>
      <CreateForm pageContext={pageContext} view={view} />
    </StaffPage>
  );
}

function AccountRow({ pageContext, account, view }: { pageContext: PageContext; account: StaffAccount; view: StaffAccountsView }) {
  const { t, locale } = pageContext;
  const locked = account.lockedUntil !== null && account.lockedUntil > view.now;
  const base = `/staff/admin/staff/${account.username}`;
  return (
    <tr>
      <td data-label={t('staffLogin.username')}>
        {account.displayName ? t('common.withAside', { text: account.username, aside: account.displayName }) : account.username}
      </td>
      <td data-label={t('admin.staff.role')}>{t(`admin.staff.role.${account.role}`)}</td>
      <td data-label={t('admin.staff.state')}>
        {account.disabled
          ? t('admin.staff.disabled')
          : locked
            ? t('admin.staff.locked', { until: formatDateTime(account.lockedUntil!, locale, view.timeZone) })
            : t('admin.staff.active')}
        {locked && !account.disabled ? (
          <form method="post" action={`/staff/admin/staff/${account.id}/unlock`} class="inline-form">
            <CsrfField token={pageContext.csrfToken} />
            <button type="submit" class="secondary">
              {t('admin.staff.unlock', { username: account.username })}
            </button>
          </form>
        ) : null}
      </td>
      <td data-label={t('staffAccounts.actions')}>
        <form method="post" action={`${base}/role`} class="inline-form">
          <CsrfField token={pageContext.csrfToken} />
          <label for={`role-${account.username}`}>{t('staffAccounts.roleOf', { username: account.username })}</label>
          <RoleSelect pageContext={pageContext} id={`role-${account.username}`} selected={account.role} />
          <button type="submit" class="secondary">
            {t('staffAccounts.setRole')}
          </button>
        </form>
        <form method="post" action={`${base}/${account.disabled ? 'enable' : 'disable'}`} class="inline-form">
          <CsrfField token={pageContext.csrfToken} />
          <button type="submit" class="secondary">
            {t(account.disabled ? 'staffAccounts.enable' : 'staffAccounts.disable', { username: account.username })}
          </button>
        </form>
        <PasswordForm pageContext={pageContext} username={account.username} errors={view.errors} />
      </td>
    </tr>
  );
}

function RoleSelect({ pageContext, id, selected }: { pageContext: PageContext; id: string; selected: string }) {
  return (
    <select id={id} name="role">
      {staffRoles.map((role) => (
        <option value={role} selected={role === selected}>
          {pageContext.t(`admin.staff.role.${role}`)}
        </option>
      ))}
    </select>
  );
}

function PasswordForm({ pageContext, username, errors }: { pageContext: PageContext; username: string; errors: FormError[] }) {
  const { t } = pageContext;
  const id = `password-${username}`;
  const error = errors.find((e) => e.field === id);
  return (
    <form method="post" action={`/staff/admin/staff/${username}/password`} class="inline-form" novalidate>
      <CsrfField token={pageContext.csrfToken} />
      <label for={id}>{t('staffAccounts.newPasswordOf', { username })}</label>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {t(error.key, error.params)}
        </p>
      ) : null}
      <input
        type="password"
        id={id}
        name="password"
        autocomplete="new-password"
        maxlength={200}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" class="secondary">
        {t('staffAccounts.resetPassword')}
      </button>
    </form>
  );
}

function CreateForm({ pageContext, view }: { pageContext: PageContext; view: StaffAccountsView }) {
  const { t } = pageContext;
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">{t('staffAccounts.create.heading')}</h2>
      <form method="post" action="/staff/admin/staff" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="username"
          label={t('staffLogin.username')}
          hint={t('staffAccounts.usernameHint')}
          type="text"
          value={view.newUsername}
          errors={view.errors}
          autocomplete="off"
          maxlength={100}
        />
        <Field
          pageContext={pageContext}
          id="password"
          label={t('staffLogin.password')}
          hint={t('staffAccounts.passwordHint')}
          type="password"
          errors={view.errors}
          autocomplete="new-password"
          maxlength={200}
        />
        <div class="field">
          <label for="role">{t('admin.staff.role')}</label>
          <RoleSelect pageContext={pageContext} id="role" selected="desk" />
        </div>
        <button type="submit">{t('staffAccounts.create.submit')}</button>
      </form>
    </section>
  );
}
