/** 利用照会 and its settings: the account page, password change, e-mail address and its confirmation. */
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  type AccountView,
  AccountPage,
  ConfirmEmailPage,
  type EmailForm,
  EmailPage,
  type Notice,
  PasswordPage,
} from '../../templates/account.tsx';
import { OfflineBanner } from '../../templates/offline.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { passwordRefusalError } from '../auth/auth.forms.ts';
import { findPatronCredentials, savePassword } from '../auth/auth.repo.ts';
import { checkNewPassword, MAX_PASSWORD_INPUT, normalizePassword } from '../auth/auth.rules.ts';
import { hashPassword, verifyPassword } from '../auth/password-hash.ts';
import { clientAddress } from '../auth/client-address.ts';
import type { SignInName } from '../auth/sign-in-guard.repo.ts';
import { admitAttempt, type GuardDeps, settleRightAttempt, settleWrongAttempt } from '../auth/sign-in-guard.ts';
import type { CalendarDate } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { endSession } from '../http/session.ts';
import { formatDateTime } from '../i18n/format.ts';
import { loansView } from '../loans/loans.view.ts';
import { offlineCopyOfAccountPage } from '../pwa/account-copy.ts';
import { parseEmail } from '../patrons/patron.rules.ts';
import { patronCategory, patronRules } from '../patrons/patron-category.rules.ts';
import { libraryDate } from '../time.ts';
import { patronRefusal } from '../circulation/circulation.rules.ts';
import {
  accountPageData,
  type AccountPageData,
  type AccountSummary,
  confirmEmail,
  deleteEmail,
  findAccount,
  type MailingContext,
  saveEmail,
  sendTestMail,
} from './account.repo.ts';
import { CONFIRMATION_MAILS_PER_DAY, passwordWantsChanging } from './account.rules.ts';

/** The notices a redirect back to the account pages may name. */
const doneNotices = {
  password: 'account.done.password',
  emailSaved: 'account.done.emailSaved',
  emailDeleted: 'account.done.emailDeleted',
  testSent: 'account.done.testSent',
} as const;

/** A signed-in patron's request; optional in the type (as StaffEnv's staff) so shared helpers taking a Context<AppEnv> take it too. */
interface PatronEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { account?: AccountSummary };
}

type PatronContext = Context<PatronEnv>;

/** The patron requirePatron let through. */
function account(c: PatronContext): AccountSummary {
  const found = c.var.account;
  if (!found) throw new Error('account route reached without requirePatron');
  return found;
}

/**
 * Guards each settings page of a signed-in patron: others are sent to sign
 * in and brought back (a POST comes back to its form). Nothing here may be
 * cached: the pages name the patron and a shared computer must not keep them.
 */
const requirePatron = createMiddleware<PatronEnv>(async (c, next) => {
  const patronId = c.var.session?.patronId;
  const found = patronId != null ? await findAccount(c.var.deps.db, patronId) : undefined;
  if (!found) return toSignIn(c);
  c.set('account', found);
  await next();
  c.header('Cache-Control', 'private, no-store');
});

function toSignIn(c: Context<AppEnv>) {
  const path = new URL(c.req.url).pathname;
  return c.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
}

/** The link in the mail works without signing in: the token proves the mailbox, and the phone reading the mail is often not signed in. */
async function confirmEmailLink(c: Context<AppEnv>) {
  const token = c.req.query('token') ?? '';
  const result = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await confirmEmail(c.var.deps.db, token, { now: c.var.deps.clock.now(), mailFrom: c.var.deps.config.mailFrom })
    : { check: 'invalid' as const };
  const message: Notice =
    result.check === 'valid'
      ? { key: 'accountEmail.confirmDone', params: { email: result.email ?? '' } }
      : { key: result.check === 'expired' ? 'accountEmail.confirmExpired' : 'accountEmail.confirmInvalid' };
  c.header('Cache-Control', 'no-store');
  return render(c, {
    title: c.var.t('accountEmail.confirmTitle'),
    status: result.check === 'valid' ? 200 : 410,
    page: (pageContext) => <ConfirmEmailPage pageContext={pageContext} message={message} />,
  });
}

/** 利用照会: it reads the patron with everything else in one statement, so it guards itself instead of using requirePatron. */
async function accountPage(c: Context<AppEnv>) {
  const { db, config, clock } = c.var.deps;
  const session = c.var.session;
  const today = libraryDate(clock.now(), config.rules.timeZone);
  const data =
    session?.patronId != null
      ? await accountPageData(db, { patronId: session.patronId, sessionId: session.id, today }, config.rules)
      : undefined;
  if (!data) return toSignIn(c);
  c.header('Cache-Control', 'private, no-store');
  const view = accountView(c, data, today);
  const madeAt = offlineCopyOfAccountPage(c);
  return render(c, {
    title: c.var.t('account.title'),
    cartCount: data.cartCount,
    page: (pageContext) => (
      <>
        <OfflineBanner pageContext={pageContext} asOf={madeAt} />
        <AccountPage pageContext={pageContext} view={view} />
      </>
    ),
  });
}

/** What the account page shows, from its statement's rows. */
function accountView(c: Context<AppEnv>, data: AccountPageData, today: CalendarDate): AccountView {
  const { config } = c.var.deps;
  const patron = data.account;
  const status = data.mail;
  const when = (at: Date) => libraryTime(c, at);
  const refusal = patronRefusal(patron, today);
  return {
    cardNumber: patron.cardNumber,
    category: patronCategory(config.rules, patron.category)?.name[c.var.locale] ?? null,
    standing: refusal && { refusal, expiresOn: patron.expiresOn },
    email: patron.email
      ? {
          address: patron.email,
          confirmed: patron.emailConfirmedAt !== null,
          undeliverableAt: status.undeliverable ? when(status.undeliverable.at) : null,
        }
      : null,
    lastSentAt: status.lastSent ? when(status.lastSent.at) : null,
    mailDomain: config.mailDomain,
    notice: doneNotice(c, patron),
    loans: loansView(c, data.loans, { today, calendar: data.calendar, rules: patronRules(config.rules, patron.category) }),
    holds: data.holds,
    timeZone: config.rules.timeZone,
    passwordReminderDays: passwordWantsChanging(patron.passwordChangedAt, c.var.deps.clock.now(), config.rules.passwordReminderDays)
      ? config.rules.passwordReminderDays
      : null,
  };
}

type PasswordForm = Record<'current_password' | 'new_password' | 'new_password_confirm', string>;

async function changePassword(c: PatronContext) {
  const form = await formFields(c, ['current_password', 'new_password', 'new_password_confirm']);
  const { db, config, clock } = c.var.deps;
  const now = clock.now();
  const patron = await findPatronCredentials(db, { id: account(c).id });
  if (!patron) return c.redirect('/login', 303);
  const checked = checkNewPassword(form.new_password, patron, config.rules.password);
  const errors = passwordFormErrors(c, form, checked);
  if (errors.length > 0 || !checked.ok) return renderPassword(c, errors, 422);
  // The current password is counted like a sign-in BEFORE it is checked, so a borrowed session cannot guess its way to it,
  // not even with many guesses sent at once; a lock ends the session.
  const deps: GuardDeps = { db, config, now, address: clientAddress(c) };
  const who: SignInName = { realm: 'patron', name: patron.cardNumber };
  const admitted = await admitAttempt(deps, who);
  if (admitted.kind === 'throttled') {
    c.header('Retry-After', String(admitted.retryAfterSeconds));
    const minutes = Math.ceil(admitted.retryAfterSeconds / 60);
    return renderPassword(c, [{ field: 'current_password', key: 'login.throttled', params: { minutes } }], 429);
  }
  const current = form.current_password.length > MAX_PASSWORD_INPUT ? '' : normalizePassword(form.current_password);
  const matches = admitted.kind === 'admitted' && patron.passwordHash !== null && (await verifyPassword(patron.passwordHash, current));
  const locked = admitted.kind === 'locked' ? admitted : await (matches ? settleRightAttempt : settleWrongAttempt)(deps, who);
  if (locked) {
    await endSession(c);
    return c.redirect('/login', 303);
  }
  if (!matches) return renderPassword(c, [{ field: 'current_password', key: 'accountPassword.currentWrong' }], 422);
  const hash = await hashPassword(checked.password);
  await savePassword(db, patron, { hash, notice: 'password-changed', keepSession: c.var.session?.id }, { now, mailFrom: config.mailFrom });
  return c.redirect('/account?done=password', 303);
}

/** The password form's mistakes, in the order the form shows its fields. */
function passwordFormErrors(c: PatronContext, form: PasswordForm, checked: ReturnType<typeof checkNewPassword>): FormError[] {
  const errors: FormError[] = [];
  if (form.current_password === '') errors.push({ field: 'current_password', key: 'accountPassword.currentEmpty' });
  const policy = c.var.deps.config.rules.password;
  if (!checked.ok) errors.push(passwordRefusalError(c.var.t, 'new_password', checked.reason, policy));
  if (form.new_password_confirm === '') errors.push({ field: 'new_password_confirm', key: 'passwordConfirm.empty' });
  else if (checked.ok && normalizePassword(form.new_password_confirm) !== checked.password) {
    errors.push({ field: 'new_password_confirm', key: 'passwordConfirm.different' });
  }
  return errors;
}

async function changeEmail(c: PatronContext) {
  const form = await formFields(c, ['email']);
  const parsed = parseEmail(form.email);
  const value = form.email.slice(0, 254);
  if (!parsed.ok) return renderEmail(c, { value, errors: [{ field: 'email', key: `accountEmail.${parsed.reason}` }] }, 422);
  const result = await saveEmail(c.var.deps.db, account(c).id, parsed.email, CONFIRMATION_MAILS_PER_DAY, mailing(c));
  if (result.kind === 'sent') return c.redirect('/account/email?done=emailSaved', 303);
  const error: FormError =
    result.kind === 'alreadyConfirmed'
      ? { field: 'email', key: 'accountEmail.alreadyConfirmed' }
      : {
          field: 'email',
          key: 'accountEmail.tooManyConfirmations',
          params: { limit: CONFIRMATION_MAILS_PER_DAY, at: libraryTime(c, result.nextAt) },
        };
  return renderEmail(c, { value, errors: [error] }, result.kind === 'tooMany' ? 429 : 422);
}

async function sendEmailTest(c: PatronContext) {
  const limit = c.var.deps.config.rules.testMailsPerDay;
  const result = await sendTestMail(c.var.deps.db, account(c).id, limit, mailing(c));
  if (result.kind === 'sent') return c.redirect('/account/email?done=testSent', 303);
  const error: FormError =
    result.kind === 'noAddress'
      ? { field: 'email', key: 'accountEmail.noAddress' }
      : { field: 'email', key: 'accountEmail.tooManyTests', params: { limit, at: libraryTime(c, result.nextAt) } };
  return renderEmail(c, { value: account(c).email ?? '', errors: [error] }, result.kind === 'tooMany' ? 429 : 422);
}

async function removeEmail(c: PatronContext) {
  await deleteEmail(c.var.deps.db, account(c).id);
  return c.redirect('/account?done=emailDeleted', 303);
}

/**
 * Mounted at /account. Each settings page carries requirePatron itself, so
 * the holds and renewal routes mounted under /account by their own features
 * answer visitors their own way whatever the mounting order.
 */
export const accountRoutes = new Hono<AppEnv>()
  .get('/', accountPage)
  .get('/email/confirm', confirmEmailLink)
  .get('/password', requirePatron, (c) => renderPassword(c, []))
  .post('/password', requirePatron, changePassword)
  .get('/email', requirePatron, (c) => renderEmail(c, { value: account(c).email ?? '', errors: [] }))
  .post('/email', requirePatron, changeEmail)
  .post('/email/test', requirePatron, sendEmailTest)
  .post('/email/delete', requirePatron, removeEmail);

function doneNotice(c: Context<AppEnv>, patron: AccountSummary): Notice | null {
  const done = c.req.query('done') ?? '';
  if (!Object.hasOwn(doneNotices, done)) return null;
  return { key: doneNotices[done as keyof typeof doneNotices], params: { email: patron.email ?? '' } };
}

function libraryTime(c: Context<AppEnv>, instant: Date): string {
  return formatDateTime(instant, c.var.locale, c.var.deps.config.rules.timeZone);
}

function mailing(c: Context<AppEnv>): MailingContext {
  const { config, clock } = c.var.deps;
  return { now: clock.now(), mailFrom: config.mailFrom, siteUrl: config.siteUrl };
}

function renderPassword(c: PatronContext, errors: FormError[], status: 200 | 422 | 429 = 200) {
  const policy = c.var.deps.config.rules.password;
  return render(c, {
    title: c.var.t('accountPassword.title'),
    status,
    page: (pageContext) => <PasswordPage pageContext={pageContext} form={{ errors }} policy={policy} />,
  });
}

function renderEmail(c: PatronContext, input: Pick<EmailForm, 'value' | 'errors'>, status: 200 | 422 | 429 = 200) {
  const { config } = c.var.deps;
  const patron = account(c);
  const form: EmailForm = {
    ...input,
    current: patron.email
      ? {
          address: patron.email,
          confirmed: patron.emailConfirmedAt !== null,
          undeliverableAt: patron.emailUndeliverableAt ? libraryTime(c, patron.emailUndeliverableAt) : null,
        }
      : null,
    notice: doneNotice(c, patron),
    mailDomain: config.mailDomain,
    testMailsPerDay: config.rules.testMailsPerDay,
  };
  return render(c, {
    title: c.var.t('accountEmail.title'),
    status,
    page: (pageContext) => <EmailPage pageContext={pageContext} form={form} />,
  });
}
