/** The home page and the language switch. */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { HomePage } from '../../templates/home.tsx';
import type { AppEnv } from '../http/env.ts';
import { chooseLocale } from '../i18n/index.ts';
import { render } from '../http/render.tsx';
import { localPath } from '../http/safe-path.ts';
import { countRecords, savePatronLocale } from './site.repo.ts';

export const siteRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const records = await countRecords(c.var.deps.db);
    return render(c, {
      title: c.var.t('home.title'),
      page: (pageContext) => <HomePage pageContext={pageContext} records={records} />,
    });
  })
  .get('/language/:locale{ja|en}', async (c) => {
    // The route admits only ja and en; chooseLocale gives it the Locale type.
    const locale = chooseLocale(c.req.param('locale'), undefined);
    const patronId = c.var.session?.patronId;
    if (patronId != null) await savePatronLocale(c.var.deps.db, patronId, locale);
    setCookie(c, 'lang', locale, {
      path: '/',
      sameSite: 'Lax',
      secure: c.var.deps.config.secureCookies,
      maxAge: 365 * 24 * 3600,
    });
    return c.redirect(localPath(c.req.query('next')), 303);
  });
