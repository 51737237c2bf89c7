/** 「Webサービスについて」: the rules of the service, as the settings make them. */
import { Hono } from 'hono';
import { GuidePage } from '../../templates/guide.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { guideFacts } from './guide.rules.ts';
import { loadWeeklyClosedDays } from '../calendar/calendar.repo.ts';

export const guideRoutes = new Hono<AppEnv>().get('/guide', async (c) => {
  const { config, db } = c.var.deps;
  const facts = guideFacts(config.rules, config.mailDomain, await loadWeeklyClosedDays(db, config.rules));
  return render(c, { title: c.var.t('guide.title'), page: (pageContext) => <GuidePage pageContext={pageContext} facts={facts} /> });
});
