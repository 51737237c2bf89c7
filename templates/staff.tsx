/** Staff pages' shared pieces, the staff sign-in and the staff home. */
import type { Child } from 'hono/jsx';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';

/** The desk's own navigation, above every staff page's content. */
export function StaffNav({ pageContext, staff }: { pageContext: PageContext; staff: Pick<StaffMember, 'username' | 'role'> }) {
  const { t } = pageContext;
  const links: [string, Parameters<typeof t>[0]][] = [
    ['/staff/checkout', 'staff.nav.checkout'],
    ['/staff/checkin', 'staff.nav.checkin'],
    ['/staff/holds/shelf', 'staff.nav.shelf'],
    ['/staff/calls', 'staff.nav.calls'],
    ['/staff/bookmobile', 'desk.loading.title'],
    ['/staff/patrons', 'staff.nav.patrons'],
    ['/staff/copies', 'copyDesk.lookup.title'],
  ];
  if (staff.role === 'admin')
    links.push(
      ['/staff/admin/import', 'staff.nav.import'],
      ['/staff/admin/calendar', 'staff.nav.calendar'],
      ['/staff/admin/staff', 'staff.nav.staff'],
      ['/staff/admin/statistics', 'statistics.title'],
      ['/staff/admin/audit', 'audit.title'],
    );
  return (
    <nav class="staff-nav" aria-label={t('staff.nav.label')}>
      <ul>
        {links.map(([href, key]) => (
          <li>
            <a href={href}>{t(key)}</a>
          </li>
        ))}
        <li>
          <form method="post" action="/staff/logout" class="inline-form">
            <CsrfField token={pageContext.csrfToken} />
            <button type="submit" class="link-button">
              {t('staff.nav.logout', { username: staff.username })}
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

/** A staff page: the staff navigation, then its heading and content. */
export function StaffPage({
  pageContext,
  staff,
  title,
  children,
}: {
  pageContext: PageContext;
  staff: Pick<StaffMember, 'username' | 'role'>;
  title: string;
  children: Child;
}) {
  return (
    <>
      <StaffNav pageContext={pageContext} staff={staff} />
      <h1>{title}</h1>
      {children}
    </>
  );
}

export interface StaffLoginForm {
  next: string;
  username: string;
  errors: FormError[];
}

export function StaffLoginPage({ pageContext, form }: { pageContext: PageContext; form: StaffLoginForm }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('staffLogin.title')}</h1>
      <ErrorSummary pageContext={pageContext} errors={form.errors} />
      <form method="post" action={`/staff/login?next=${encodeURIComponent(form.next)}`} novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="username"
          label={t('staffLogin.username')}
          type="text"
          value={form.username}
          errors={form.errors}
          autocomplete="username"
          maxlength={100}
        />
        <Field
          pageContext={pageContext}
          id="password"
          label={t('staffLogin.password')}
          type="password"
          errors={form.errors}
          autocomplete="current-password"
          maxlength={200}
        />
        <button type="submit">{t('staffLogin.submit')}</button>
      </form>
    </>
  );
}

export function StaffHome({ pageContext, staff }: { pageContext: PageContext; staff: StaffMember }) {
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={pageContext.t('staff.home.title')}>
      <p>{pageContext.t('staff.home.welcome', { name: staff.displayName || staff.username })}</p>
    </StaffPage>
  );
}
