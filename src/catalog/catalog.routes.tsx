/** The catalog's pages: search (full page or the htmx results fragment) and the record detail. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type SearchOutcome, RecordPage, SearchPage, SearchResults } from '../../templates/catalog.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { findRecordDetail, recordsWithIsbn, searchRecords } from './catalog.repo.ts';
import {
  parseQuery,
  parseSearchParams,
  RESULTS_PER_PAGE,
  reservability,
  resultsPath,
  type SearchParams,
  toIsbn13,
} from './catalog.rules.ts';
import { recordJsonLd } from './record-json-ld.ts';
import { ATOM_TYPE, OPENSEARCH_TYPE, openSearchDescription, searchAtom } from './opensearch.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const catalogRoutes = new Hono<AppEnv>()
  .get('/search', async (c) => {
    const params = parseSearchParams(c.req.query());
    const outcome = await runSearch(c.var.deps.db, params);
    const t = c.var.t;
    const title = outcome.kind === 'results' && params.q.trim() ? t('search.titleWithQuery', { q: params.q.trim() }) : t('search.title');
    const status = outcome.kind === 'tooLong' ? 422 : 200;
    if (c.req.query('format') === 'atom') {
      const results = outcome.kind === 'results' ? outcome : { total: 0, hits: [], perPage: RESULTS_PER_PAGE };
      const atom = searchAtom(c.var.deps.config, { params, title, ...results, now: c.var.deps.clock.now() });
      return c.body(atom, status, { 'Content-Type': `${ATOM_TYPE}; charset=utf-8` });
    }
    return render(c, {
      title,
      status,
      page: (pageContext) => <SearchPage pageContext={pageContext} params={params} outcome={outcome} />,
      fragment: (pageContext) => <SearchResults pageContext={pageContext} params={params} outcome={outcome} />,
    });
  })
  .get('/opensearch.xml', (c) =>
    c.body(openSearchDescription(c.var.deps.config), 200, { 'Content-Type': `${OPENSEARCH_TYPE}; charset=utf-8` }),
  )
  // カーリル and other services link here by ISBN; a real-time lookup, so one indexed query and a redirect.
  .get('/isbn/:isbn', async (c) => {
    const isbn13 = toIsbn13(c.req.param('isbn'));
    const found = isbn13 ? await recordsWithIsbn(c.var.deps.db, isbn13) : [];
    if (found.length === 0 || !isbn13) throw new HTTPException(404);
    return c.redirect(found.length === 1 ? `/records/${found[0]}` : `/search?q=${isbn13}`, 302);
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
    const { config } = c.var.deps;
    const recordUrl = `${config.siteUrl}/records/${record.id}`;
    return render(c, {
      title: record.title,
      head: { canonical: recordUrl, jsonLd: recordJsonLd(record, recordUrl, config.rules.libraryName.ja) },
      page: (pageContext) => <RecordPage pageContext={pageContext} record={record} reservable={reservable} back={back} />,
    });
  });

/** The search the parameters ask for; 種別=雑誌 with no keyword lists the magazines, the way a library's magazine shelf is browsed. */
async function runSearch(db: Kysely<Database>, params: SearchParams): Promise<SearchOutcome> {
  const parsed = parseQuery(params.q);
  if (parsed.kind === 'tooLong' || (parsed.kind === 'empty' && params.type !== 'magazine')) return parsed;
  const found = await searchRecords(db, {
    terms: parsed.kind === 'terms' ? parsed.terms : [],
    type: params.type,
    available: params.available,
    sort: params.sort,
    limit: RESULTS_PER_PAGE,
    offset: (params.page - 1) * RESULTS_PER_PAGE,
  });
  return { kind: 'results', ...found, perPage: RESULTS_PER_PAGE };
}
