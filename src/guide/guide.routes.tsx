/** 「Webサービスについて」: the rules of the service, as the settings make them. */
import { Hono } from 'hono';
import { GuidePage } from '../../templates/guide.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { guideFacts } from './guide.rules.ts';

export const guideRoutes = new Hono<AppEnv>().get('/guide', (c) => {
  const { config } = c.var.deps;
  const facts = guideFacts(config.rules, config.mailDomain);
  return render(c, { title: c.var.t('guide.title'), page: (pageContext) => <GuidePage pageContext={pageContext} facts={facts} /> });
});
