/**
 * `/oai`: the OAI-PMH 2.0 data provider (SPEC §15), by GET or by a POST of
 * the same arguments, as the protocol allows. It changes nothing, so it
 * sits before the session and CSRF middleware.
 */
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { siteSecret } from '../site/site-secrets.repo.ts';
import { countHarvest, earliestDatestamp, findHarvestedRecord, harvestPage } from './oai.repo.ts';
import { type Harvest, OAI_PAGE_SIZE, type OaiRequest, parseOaiRequest, recordIdOf } from './oai.rules.ts';
import * as xml from './oai.xml.ts';
import { readToken, writeToken } from './resumption-token.ts';

interface Answering {
  db: Kysely<Database>;
  config: Config;
  site: xml.OaiSite;
  key: Buffer;
  now: Date;
}

export const oaiRoutes = new Hono<AppEnv>()
  .get('/oai', (c) => answerOai(c, [...new URL(c.req.url).searchParams]))
  .post('/oai', async (c) => {
    const body = await c.req.text();
    return answerOai(c, [...new URLSearchParams(body)]);
  });

async function answerOai(c: Context<AppEnv>, pairs: [string, string][]): Promise<Response> {
  const { db, config, clock } = c.var.deps;
  const now = clock.now();
  const key = await siteSecret(db, 'oai-resumption');
  const site = oaiSite(config);
  const parsed = parseOaiRequest(pairs, (token) => readToken(key, token, now));
  const body = parsed.ok ? await answer({ db, config, site, key, now }, parsed.request) : xml.errors(parsed.errors);
  return c.body(xml.oaiResponse(site, now, parsed.arguments, body), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
}

/** Links and identifiers from BASE_URL, never from the request. */
function oaiSite(config: Config): xml.OaiSite {
  return {
    baseUrl: `${config.siteUrl}/oai`,
    host: new URL(config.siteUrl).hostname,
    recordUrl: (id) => `${config.siteUrl}/records/${id}`,
  };
}

async function answer(a: Answering, request: OaiRequest) {
  switch (request.verb) {
    case 'Identify':
      return xml.identify(a.site, a.config.rules.libraryName.ja, a.config.mailFrom, (await earliestDatestamp(a.db)) ?? a.now);
    case 'ListSets':
      return xml.listSets;
    case 'ListMetadataFormats':
      if (request.identifier !== null && !(await recordNamed(a, request.identifier))) return unknownIdentifier(request.identifier);
      return xml.listMetadataFormats;
    case 'GetRecord': {
      const record = await recordNamed(a, request.identifier);
      return record ? xml.getRecord(a.site, record, request.metadataPrefix) : unknownIdentifier(request.identifier);
    }
    case 'ListIdentifiers':
    case 'ListRecords':
      return listPage(a, request.verb, request.harvest);
  }
}

function recordNamed(a: Answering, identifier: string) {
  const id = recordIdOf(a.site.host, identifier);
  return id === null ? Promise.resolve(null) : findHarvestedRecord(a.db, id);
}

function unknownIdentifier(identifier: string) {
  return xml.errors([{ code: 'idDoesNotExist', message: `no record ${identifier} in this repository` }]);
}

/** One page of at most OAI_PAGE_SIZE, a token when more follow, and an empty token to close a resumed list. */
async function listPage(a: Answering, verb: 'ListIdentifiers' | 'ListRecords', harvest: Harvest) {
  const page = await harvestPage(a.db, harvest, harvest.after, OAI_PAGE_SIZE + 1);
  if (page.length === 0 && harvest.after === null)
    return xml.errors([{ code: 'noRecordsMatch', message: 'no record matches these arguments' }]);
  const shown = page.slice(0, OAI_PAGE_SIZE);
  const more = page.length > OAI_PAGE_SIZE;
  let resumption: xml.Resumption | null = null;
  if (more || harvest.after !== null) {
    const completeListSize = await countHarvest(a.db, harvest);
    const last = shown.at(-1);
    const next =
      more && last
        ? writeToken(
            a.key,
            { ...harvest, after: { changedAt: last.changedAt.toISOString(), id: last.id }, cursor: harvest.cursor + shown.length },
            a.now,
          )
        : { token: '', expires: null };
    resumption = { ...next, completeListSize, cursor: harvest.cursor };
  }
  return xml.list(verb, a.site, shown, harvest.metadataPrefix, resumption);
}
