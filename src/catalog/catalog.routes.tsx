/** The catalog's pages: search (full page or the htmx results fragment) and the record detail. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type SearchOutcome, RecordPage, SearchPage, SearchResults } from '../../templates/catalog.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { findRecordDetail, searchRecords } from './catalog.repo.ts';
import { parseQuery, parseSearchParams, RESULTS_PER_PAGE, reservability, resultsPath } from './catalog.rules.ts';

export const catalogRoutes = new Hono<AppEnv>()
  .get('/search', async (c) => {
    const params = parseSearchParams(c.req.query());
    const parsed = parseQuery(params.q);
    let outcome: SearchOutcome;
    // 種別=雑誌 with no keyword lists the magazines, the way a library's magazine shelf is browsed.
    if (parsed.kind === 'tooLong' || (parsed.kind === 'empty' && params.type !== 'magazine')) {
      outcome = parsed;
    } else {
      const found = await searchRecords(c.var.deps.db, {
        terms: parsed.kind === 'terms' ? parsed.terms : [],
        type: params.type,
        available: params.available,
        sort: params.sort,
        limit: RESULTS_PER_PAGE,
        offset: (params.page - 1) * RESULTS_PER_PAGE,
      });
      outcome = { kind: 'results', ...found, perPage: RESULTS_PER_PAGE };
    }
    const t = c.var.t;
    return render(c, {
      title: outcome.kind === 'results' && parsed.kind === 'terms' ? t('search.titleWithQuery', { q: params.q.trim() }) : t('search.title'),
      status: outcome.kind === 'tooLong' ? 422 : 200,
      page: (pageContext) => <SearchPage pageContext={pageContext} params={params} outcome={outcome} />,
      fragment: (pageContext) => <SearchResults pageContext={pageContext} params={params} outcome={outcome} />,
    });
  })
  .get('/records/:id', async (c) => {
    const raw = c.req.param('id');
    if (!/^\d{1,9}$/.test(raw)) throw new HTTPException(404);
    const record = await findRecordDetail(c.var.deps.db, Number(raw), c.var.session?.patronId ?? null);
    if (!record) throw new HTTPException(404);
    const reservable = reservability({
      material: record.material,
      latestIssue: record.latestIssue,
      copies: record.copies,
      patron: record.patron,
    });
    const back = resultsPath(c.req.query('back'));
    return render(c, {
      title: record.title,
      page: (pageContext) => <RecordPage pageContext={pageContext} record={record} reservable={reservable} back={back} />,
    });
  });
