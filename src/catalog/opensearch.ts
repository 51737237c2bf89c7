/**
 * OpenSearch 1.1: the description a browser or another OPAC discovers the
 * catalog's search by, and search results as an Atom feed with the
 * OpenSearch response elements. Links come from BASE_URL, never the request.
 */
import { create } from 'xmlbuilder2';
import type { Config } from '../config.ts';
import type { SearchHit } from './catalog.repo.ts';
import { type SearchParams, searchUrl, titleWithIssue } from './catalog.rules.ts';

const OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/';
const ATOM = 'http://www.w3.org/2005/Atom';
export const OPENSEARCH_TYPE = 'application/opensearchdescription+xml';
export const ATOM_TYPE = 'application/atom+xml';

/** /opensearch.xml: search by keyword, as a results page or an Atom feed. */
export function openSearchDescription(config: Config): string {
  const site = config.siteUrl;
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(OPENSEARCH, 'OpenSearchDescription');
  // ShortName is at most 16 characters by the specification.
  doc.ele(OPENSEARCH, 'ShortName').txt([...config.rules.libraryName.ja].slice(0, 16).join(''));
  doc.ele(OPENSEARCH, 'Description').txt(`${config.rules.libraryName.ja}の蔵書検索 (${config.rules.libraryName.en} catalog)`);
  doc.ele(OPENSEARCH, 'InputEncoding').txt('UTF-8');
  doc.ele(OPENSEARCH, 'Language').txt('ja');
  doc.ele(OPENSEARCH, 'Url', { type: 'text/html', template: `${site}/search?q={searchTerms}&page={startPage?}` });
  doc.ele(OPENSEARCH, 'Url', { type: ATOM_TYPE, template: `${site}/search?q={searchTerms}&page={startPage?}&format=atom` });
  doc.ele(OPENSEARCH, 'Url', { type: OPENSEARCH_TYPE, rel: 'self', template: `${site}/opensearch.xml` });
  return doc.end({ prettyPrint: false });
}

export interface AtomPage {
  params: SearchParams;
  title: string;
  total: number;
  perPage: number;
  hits: SearchHit[];
  now: Date;
}

/** One page of results as Atom: the same query language and paging as the HTML page. */
export function searchAtom(config: Config, page: AtomPage): string {
  const site = config.siteUrl;
  const { params } = page;
  const atomUrl = (n: number) => `${site}${searchUrl(params, n)}&format=atom`;
  const updated = page.now.toISOString();
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele(ATOM, 'feed', { 'xmlns:opensearch': OPENSEARCH });
  feed.ele(ATOM, 'title').txt(`${page.title} | ${config.rules.libraryName.ja}`);
  feed.ele(ATOM, 'id').txt(atomUrl(params.page));
  feed.ele(ATOM, 'updated').txt(updated);
  feed.ele(ATOM, 'author').ele(ATOM, 'name').txt(config.rules.libraryName.ja);
  feed.ele(ATOM, 'link', { rel: 'self', type: ATOM_TYPE, href: atomUrl(params.page) });
  feed.ele(ATOM, 'link', { rel: 'alternate', type: 'text/html', href: `${site}${searchUrl(params, params.page)}` });
  feed.ele(ATOM, 'link', { rel: 'search', type: OPENSEARCH_TYPE, href: `${site}/opensearch.xml` });
  const pages = Math.ceil(page.total / page.perPage);
  if (params.page > 1) feed.ele(ATOM, 'link', { rel: 'previous', type: ATOM_TYPE, href: atomUrl(params.page - 1) });
  if (params.page < pages) feed.ele(ATOM, 'link', { rel: 'next', type: ATOM_TYPE, href: atomUrl(params.page + 1) });
  feed.ele(OPENSEARCH, 'opensearch:totalResults').txt(String(page.total));
  feed.ele(OPENSEARCH, 'opensearch:startIndex').txt(String((params.page - 1) * page.perPage + 1));
  feed.ele(OPENSEARCH, 'opensearch:itemsPerPage').txt(String(page.perPage));
  feed.ele(OPENSEARCH, 'opensearch:Query', { role: 'request', searchTerms: params.q, startPage: String(params.page) });
  for (const hit of page.hits) {
    const entry = feed.ele(ATOM, 'entry');
    entry.ele(ATOM, 'title').txt(titleWithIssue(hit.title, hit.issueLabel));
    entry.ele(ATOM, 'id').txt(`${site}/records/${hit.id}`);
    entry.ele(ATOM, 'link', { rel: 'alternate', type: 'text/html', href: `${site}/records/${hit.id}` });
    entry.ele(ATOM, 'updated').txt(updated);
    if (hit.author) entry.ele(ATOM, 'author').ele(ATOM, 'name').txt(hit.author);
    const summary = [hit.publisher, hit.pubYear === null ? '' : String(hit.pubYear)].filter(Boolean).join(', ');
    if (summary) entry.ele(ATOM, 'summary').txt(summary);
  }
  return feed.end({ prettyPrint: false });
}
