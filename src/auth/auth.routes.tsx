/** Sign-in, sign-out and new password registration. */
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginPage, type LoginForm, type LoginNotice, RegisterPage, type RegisterForm } from '../../templates/auth.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { moveCart } from '../cart/cart.repo.ts';
import type { AppEnv } from '../http/env.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { localPath } from '../http/safe-path.ts';
import { endSession, startSession } from '../http/session.ts';
import { formatDateTime } from '../i18n/format.ts';
import { parseCardNumber } from '../patrons/patron.rules.ts';
import { savePatronLocale } from '../site/site.repo.ts';
import { guardRefusalError, registrationErrors, triesLeftError } from './auth.forms.ts';
import { takeDeviceKey } from '../push/push-device.ts';
import { deleteSubscriptionsOfDevice } from '../push/push.repo.ts';
import { clientAddress } from './client-address.ts';
import { registerPassword, signIn } from './sign-in.ts';
import type { GuardDeps } from './sign-in-guard.ts';

const loginNotices: readonly LoginNotice[] = ['registered', 'loggedOut', 'loggedOutCartEmptied', 'signInRequired', 'unlocked'];

/**
 * Carries the card number from a successful 新規パスワード登録 to the sign-in
 * page it redirects to (not in the URL, where logs and history would keep it).
 */
const REGISTERED_CARD_COOKIE = 'registered_card';

export const authRoutes = new Hono<AppEnv>()
  .get('/login', async (c) => {
    const next = localPath(c.req.query('next'), '/account');
    if (c.var.session?.patronId != null) return c.redirect(next, 303);
    const done = c.req.query('done');
    const notice = loginNotices.find((n) => n === done) ?? null;
    // Just registered: the card number typed there is filled in here, once.
    const registeredCard = notice === 'registered' ? (getCookie(c, REGISTERED_CARD_COOKIE) ?? '') : '';
    if (registeredCard !== '') deleteCookie(c, REGISTERED_CARD_COOKIE, { path: '/login' });
    return renderLogin(c, { next, cardNumber: registeredCard, sharedDevice: false, errors: [], notice, registerHint: false });
  })
  .post('/login', async (c) => {
    const form = await formFields(c, ['card_number', 'password', 'shared_device']);
    const next = localPath(c.req.query('next'), '/account');
    const sharedDevice = form.shared_device !== '';
    const outcome = await signIn(guardDeps(c), { cardNumber: form.card_number, password: form.password });
    if (outcome.kind === 'ok') {
      // A new token at sign-in (session fixation); the cart comes along.
      await startSession(c, { patronId: outcome.patronId, sharedDevice }, moveCart);
      // Mails go out in the language the patron reads the site in.
      await savePatronLocale(c.var.deps.db, outcome.patronId, c.var.locale);
      return c.redirect(next, 303);
    }
    // Every failure that got as far as a card number answers alike, the hint about registration included (SPEC §1).
    const registerHint = outcome.kind === 'wrong' || outcome.kind === 'locked';
    const view: LoginForm = {
      next,
      cardNumber: form.card_number.slice(0, 40),
      sharedDevice,
      errors: loginErrors(c, outcome),
      notice: null,
      registerHint,
    };
    if (outcome.kind === 'throttled') c.header('Retry-After', String(outcome.retryAfterSeconds));
    return renderLogin(c, view, outcome.kind === 'throttled' ? 429 : 422);
  })
  .post('/logout', async (c) => {
    // The cart goes with the session (the next person at a shared computer must not see it): say so when it held titles.
    const cartEmptied = c.var.cartCount ? (await c.var.cartCount()) > 0 : false;
    // This device stops receiving the patron's push notices (the next person to use it is not them).
    await deleteSubscriptionsOfDevice(c.var.deps.db, { sessionId: c.var.session?.id ?? null, deviceKey: takeDeviceKey(c) });
    await endSession(c);
    // The browser drops its cached pages (the account page) so the next person at this device cannot go back to them.
    c.header('Clear-Site-Data', '"cache"');
    return c.redirect(cartEmptied ? '/login?done=loggedOutCartEmptied' : '/login?done=loggedOut', 303);
  })
  .get('/register', (c) => renderRegister(c, { cardNumber: '', birthDate: '', phone: '', errors: [] }))
  .post('/register', async (c) => {
    const form = await formFields(c, ['card_number', 'birth_date', 'phone', 'password', 'password_confirm']);
    const outcome = await registerPassword(
      { ...guardDeps(c), mailFrom: c.var.deps.config.mailFrom },
      {
        cardNumber: form.card_number,
        birthDate: form.birth_date,
        phone: form.phone,
        password: form.password,
        passwordConfirm: form.password_confirm,
      },
    );
    if (outcome.kind === 'ok') {
      rememberRegisteredCard(c, form.card_number);
      return c.redirect('/login?done=registered', 303);
    }
    if (outcome.kind === 'throttled') c.header('Retry-After', String(outcome.retryAfterSeconds));
    const view = {
      cardNumber: form.card_number.slice(0, 40),
      birthDate: form.birth_date.slice(0, 40),
      phone: form.phone.slice(0, 40),
      errors: registerErrors(c, outcome),
    };
    return renderRegister(c, view, outcome.kind === 'throttled' ? 429 : 422);
  });

type SignInRefusal = Exclude<Awaited<ReturnType<typeof signIn>>, { kind: 'ok' }>;
type RegisterRefusal = Exclude<Awaited<ReturnType<typeof registerPassword>>, { kind: 'ok' }>;

function loginErrors(c: Context<AppEnv>, outcome: SignInRefusal): FormError[] {
  const { lockout } = c.var.deps.config.rules;
  switch (outcome.kind) {
    case 'invalid':
      return [
        ...(outcome.card ? [{ field: 'card_number', key: `card.${outcome.card}` } as const] : []),
        ...(outcome.passwordMissing ? [{ field: 'password', key: 'password.empty' } as const] : []),
      ];
    case 'wrong':
      return [
        { field: 'password', key: 'login.wrong' },
        ...(outcome.triesLeft !== null ? [triesLeftError('password', outcome.triesLeft, lockout)] : []),
      ];
    default:
      return [guardRefusalError(outcome, (until) => libraryTime(c, until), lockout)];
  }
}

function registerErrors(c: Context<AppEnv>, outcome: RegisterRefusal): FormError[] {
  const { rules } = c.var.deps.config;
  if (outcome.kind === 'invalid') return registrationErrors(c.var.t, outcome.errors, rules.password);
  if (outcome.kind !== 'mismatch') return [guardRefusalError(outcome, (until) => libraryTime(c, until), rules.lockout)];
  return [
    { field: 'card_number', key: 'register.mismatch' },
    ...(outcome.triesLeft !== null ? [triesLeftError('card_number', outcome.triesLeft, rules.lockout)] : []),
  ];
}

/** The sign-in page after registration fills in the card number just typed, once (a short-lived cookie for /login only). */
function rememberRegisteredCard(c: Context<AppEnv>, typed: string): void {
  const card = parseCardNumber(typed, c.var.deps.config.rules.cardNumberPattern);
  if (!card.ok) return;
  setCookie(c, REGISTERED_CARD_COOKIE, card.cardNumber, {
    path: '/login',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.secureCookies,
    maxAge: 10 * 60,
  });
}

function guardDeps(c: Context<AppEnv>): GuardDeps {
  const { db, config, clock } = c.var.deps;
  return { db, config, now: clock.now(), address: clientAddress(c) };
}

function libraryTime(c: Context<AppEnv>, instant: Date): string {
  return formatDateTime(instant, c.var.locale, c.var.deps.config.rules.timeZone);
}

function renderLogin(c: Context<AppEnv>, form: LoginForm, status: 200 | 422 | 429 = 200) {
  c.header('Cache-Control', 'no-store');
  return render(c, { title: c.var.t('login.title'), status, page: (pageContext) => <LoginPage pageContext={pageContext} form={form} /> });
}

function renderRegister(c: Context<AppEnv>, form: RegisterForm, status: 200 | 422 | 429 = 200) {
  c.header('Cache-Control', 'no-store');
  const policy = c.var.deps.config.rules.password;
  return render(c, {
    title: c.var.t('register.title'),
    status,
    page: (pageContext) => <RegisterPage pageContext={pageContext} form={form} policy={policy} />,
  });
}
