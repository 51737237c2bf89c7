/** Builds the Hono app: cross-cutting middleware, each feature's routes, one error handler. */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { getCookie } from 'hono/cookie';
import { accountRoutes } from './account/account.routes.tsx';
import { authRoutes } from './auth/auth.routes.tsx';
import { unlockRoutes } from './auth/unlock.routes.tsx';
import { cartCountForPages } from './cart/cart-count.ts';
import { cartRoutes } from './cart/cart.routes.tsx';
import { catalogRoutes } from './catalog/catalog.routes.tsx';
import { holdsRoutes } from './holds/holds.routes.tsx';
import { reserveRoutes } from './holds/reserve.routes.tsx';
import { chooseLocale, libraryTranslators } from './i18n/index.ts';
import { noticesRoutes } from './notices/notices.routes.tsx';
import { loansRoutes } from './loans/loans.routes.tsx';
import { historyRoutes } from './privacy/history.routes.tsx';
import { csrfMiddleware } from './http/csrf.ts';
import type { AppDeps, AppEnv } from './http/env.ts';
import { errorHandler, notFoundHandler } from './http/errors.tsx';
import { requestSizeLimit, securityHeaders } from './http/security.ts';
import { sessionMiddleware } from './http/session.ts';
import { staticRoutes } from './http/static.routes.ts';
import { mailRoutes } from './mail/mail.routes.tsx';
import { offlineCopyTagCookie } from './pwa/account-copy.ts';
import { pwaRoutes } from './pwa/pwa.routes.tsx';
import { oaiRoutes } from './oai/oai.routes.ts';
import { healthRoutes } from './ops/health.routes.ts';
import { requestLog } from './ops/log.ts';
import { guideRoutes } from './guide/guide.routes.tsx';
import { siteRoutes } from './site/site.routes.tsx';
import { staffRoutes } from './staff/staff.routes.tsx';
import { staffSection } from './staff/staff-section.ts';
import { privacyAdminRoutes } from './privacy/privacy-admin.routes.tsx';
import { circulationRoutes } from './circulation/circulation.routes.tsx';
import { patronSupportRoutes } from './staff/patron-support.routes.tsx';
import { patronDeskRoutes } from './patrons/patron-desk.routes.tsx';
import { copyDeskRoutes } from './copies/copy-desk.routes.tsx';
import { auditRoutes } from './audit/audit.routes.tsx';
import { staffAccountsRoutes } from './staff/staff-accounts.routes.tsx';
import { adminRoutes, CATALOG_UPLOAD_PATH, MAX_CATALOG_UPLOAD } from './staff/admin.routes.tsx';
import { calendarRoutes } from './calendar/calendar.routes.tsx';

/** Form posts are small; a catalog upload route raises its own limit. */
const DEFAULT_BODY_LIMIT = 64 * 1024;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const translators = libraryTranslators(deps.config.rules);
  app.use(requestLog());
  app.use(async (c, next) => {
    c.set('deps', deps);
    const locale = chooseLocale(getCookie(c, 'lang'), c.req.header('Accept-Language'));
    c.set('locale', locale);
    c.set('t', translators[locale]);
    c.set('session', null);
    await next();
  });
  app.use(securityHeaders(deps.config.secureCookies));
  app.route('/', healthRoutes);
  app.route('/', staticRoutes);
  app.use(compress());
  app.route('/', pwaRoutes);
  const formLimit = requestSizeLimit(DEFAULT_BODY_LIMIT);
  const uploadLimit = requestSizeLimit(MAX_CATALOG_UPLOAD);
  app.use((c, next) => (c.req.path === CATALOG_UPLOAD_PATH ? uploadLimit : formLimit)(c, next));
  // Protocol answers that read the catalog and write nothing: no session, no CSRF token.
  app.route('/', oaiRoutes);
  app.use(sessionMiddleware());
  app.use(offlineCopyTagCookie());
  app.use(cartCountForPages());
  app.use(csrfMiddleware());
  app.route('/', siteRoutes);
  app.route('/', guideRoutes);
  app.route('/', catalogRoutes);
  app.route('/', mailRoutes);
  app.route('/staff', staffRoutes);
  app.route('/staff', staffSection(circulationRoutes));
  // /new before patron support's /:card.
  app.route('/staff/patrons', staffSection(patronDeskRoutes));
  app.route('/staff/patrons', staffSection(patronSupportRoutes));
  app.route('/staff/copies', staffSection(copyDeskRoutes));
  app.route('/staff/admin', staffSection(adminRoutes, 'admin'));
  app.route('/staff/admin/calendar', staffSection(calendarRoutes, 'admin'));
  app.route('/staff/admin', staffSection(privacyAdminRoutes, 'admin'));
  app.route('/staff/admin/staff', staffSection(staffAccountsRoutes, 'admin'));
  app.route('/staff/admin/audit', staffSection(auditRoutes, 'admin'));
  app.route('/', cartRoutes);
  app.route('/', reserveRoutes);
  app.route('/', authRoutes);
  app.route('/login/unlock', unlockRoutes);
  app.route('/account', accountRoutes);
  app.route('/account/holds', holdsRoutes);
  app.route('/account/loans', loansRoutes);
  app.route('/account/history', historyRoutes);
  app.route('/account/notices', noticesRoutes);
  app.notFound(notFoundHandler);
  app.onError(errorHandler);
  return app;
}
