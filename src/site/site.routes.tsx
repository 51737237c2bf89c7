/** The home page and the language switch. */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { HomePage } from '../../templates/home.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { localPath } from '../http/safe-path.ts';
import { countRecords } from './site.repo.ts';

export const siteRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const records = await countRecords(c.var.deps.db);
    return render(c, {
      title: c.var.t('home.title'),
      page: (shell) => <HomePage shell={shell} records={records} />,
    });
  })
  .get('/language/:locale{ja|en}', (c) => {
    setCookie(c, 'lang', c.req.param('locale'), {
      path: '/',
      sameSite: 'Lax',
      secure: c.var.deps.config.secureCookies,
      maxAge: 365 * 24 * 3600,
    });
    return c.redirect(localPath(c.req.query('next')), 303);
  });
