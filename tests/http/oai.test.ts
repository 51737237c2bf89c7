/** /oai, the OAI-PMH 2.0 data provider: every verb, paging, datestamps, deletion and errors, each answer checked against the official schema. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { importEntries, parseCatalogFile } from '../../src/catalog/catalog.import.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';
import { oaiSchemaErrors } from '../support/oai-schema.ts';

const header = 'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes,av_format';
const rows = [
  ...Array.from({ length: 240 }, (_, i) => `b-${i},book,本 ${i + 1},ほん,著者 ${i},ちょしゃ,出版社,${1990 + (i % 30)},,,,,,B${1000 + i},`),
  'kokoro,book,こころ & <続>,こころ,夏目 漱石,なつめ そうせき,岩波書店,1991,9784003101018,小説,,,,K1,',
  ...Array.from({ length: 6 }, (_, i) => `m-${i},magazine,月刊ねこ ${i + 1}月号,,,,,,,,月刊ねこ,${i + 1}月号,2026-0${i + 1}-01,M${i},`),
  'dvd,av,猫の映画,ねこのえいが,,,,2010,,,,,,D1,dvd',
];

const OLD = '2026-01-01T00:00:00Z';

describe.each(databaseKinds)('OAI-PMH on %s', (kind) => {
  let ctx: TestContext;
  let ids: Map<string, number>;
  const oai = async (query: string, app = ctx.app) => {
    const response = await app.request(`/oai?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/xml; charset=utf-8');
    return response.text();
  };
  /** The answer, after checking it against OAI-PMH.xsd and oai_dc.xsd. */
  const valid = async (query: string, app = ctx.app) => {
    const xml = await oai(query, app);
    expect(await oaiSchemaErrors(xml)).toEqual([]);
    return xml;
  };
  const all = (xml: string, pattern: RegExp) => [...xml.matchAll(new RegExp(pattern, 'g'))].map((m) => m[1]);
  const errorCode = (xml: string) => /<error code="(\w+)"/.exec(xml)?.[1];

  beforeAll(async () => {
    ctx = await createTestContext(kind, { siteUrl: 'https://lib.example.jp' });
    const entries = parseCatalogFile('catalog.csv', Buffer.from([header, ...rows].join('\n')));
    await importEntries(ctx.db, entries, { libraryPlaces: ['main'], now: ctx.clock.now() });
    ids = new Map((await ctx.db.selectFrom('records').select(['id', 'source_id']).execute()).map((r) => [r.source_id, r.id]));
    // The trigger keeps a datestamp set by hand when nothing else of the row changes.
    await sql`update records set changed_at = ${OLD}::timestamptz`.execute(ctx.db);
  });
  afterAll(() => ctx.close());

  it('identifies itself, its formats and its sets', async () => {
    const identify = await valid('verb=Identify');
    expect(identify).toContain('<baseURL>https://lib.example.jp/oai</baseURL>');
    expect(identify).toContain('<earliestDatestamp>2026-01-01T00:00:00Z</earliestDatestamp>');
    expect(identify).toContain('<deletedRecord>persistent</deletedRecord>');
    expect(identify).toContain('<request verb="Identify">https://lib.example.jp/oai</request>');
    expect(all(await valid('verb=ListMetadataFormats'), /<metadataPrefix>([^<]+)</)).toEqual(['oai_dc', 'dcndl_simple']);
    expect(all(await valid('verb=ListSets'), /<setSpec>([^<]+)</)).toEqual(['material:book', 'material:magazine', 'material:av']);
    const one = await valid(`verb=ListMetadataFormats&identifier=oai:lib.example.jp:${ids.get('dvd')}`);
    expect(one).toContain('<metadataPrefix>oai_dc</metadataPrefix>');
  });

  it('pages a list 100 at a time with tokens that survive a restart and close with an empty one', async () => {
    const first = await valid('verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(all(first, /<identifier>([^<]+)</)).toHaveLength(100);
    expect(first).toMatch(/<resumptionToken completeListSize="248" cursor="0" expirationDate="[^"]+Z">[^<]+</);
    const seen = all(first, /<identifier>([^<]+)</);
    let token = /<resumptionToken[^>]*>([^<]+)</.exec(first)![1]!;
    // Another process (or this one restarted) reads the same token: its key is in the database.
    const restarted = createApp({ db: ctx.db, databaseKind: kind, config: ctx.config, clock: ctx.clock, assets: loadAssets() });
    const second = await valid(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`, restarted);
    expect(second).toMatch(/cursor="100"/);
    seen.push(...all(second, /<identifier>([^<]+)</));
    token = /<resumptionToken[^>]*>([^<]+)</.exec(second)![1]!;
    const last = await valid(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
    seen.push(...all(last, /<identifier>([^<]+)</));
    expect(last).toMatch(/<resumptionToken completeListSize="248" cursor="200"(\/>|><\/resumptionToken>)/);
    expect(new Set(seen).size).toBe(248);
    expect(seen).toContain(`oai:lib.example.jp:${ids.get('kokoro')}`);
  });

  it('refuses a token that was altered or has expired', async () => {
    const first = await oai('verb=ListRecords&metadataPrefix=oai_dc&set=material:book');
    const token = /<resumptionToken[^>]*>([^<]+)</.exec(first)![1]!;
    const altered = token.replace(/^./, (ch) => (ch === 'e' ? 'f' : 'e'));
    expect(errorCode(await valid(`verb=ListRecords&resumptionToken=${encodeURIComponent(altered)}`))).toBe('badResumptionToken');
    expect(errorCode(await valid('verb=ListRecords&resumptionToken=nonsense'))).toBe('badResumptionToken');
    ctx.clock.advanceMinutes(24 * 60 + 1);
    try {
      expect(errorCode(await valid(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`))).toBe('badResumptionToken');
    } finally {
      ctx.clock.advanceMinutes(-(24 * 60 + 1));
    }
  });

  it('gives each record in oai_dc and DC-NDL Simple, linking to its page', async () => {
    const id = ids.get('kokoro')!;
    const dc = await valid(`verb=GetRecord&identifier=oai:lib.example.jp:${id}&metadataPrefix=oai_dc`);
    expect(dc).toContain('<dc:title>こころ &amp; &lt;続&gt;</dc:title>');
    expect(dc).toContain('<dc:creator>夏目 漱石</dc:creator>');
    expect(dc).toContain(`<dc:identifier>https://lib.example.jp/records/${id}</dc:identifier>`);
    expect(dc).toContain('<dc:identifier>urn:isbn:9784003101018</dc:identifier>');
    expect(dc).toContain('<setSpec>material:book</setSpec>');
    // No schema file exists for DC-NDL (Simple): the answer is checked for its elements instead.
    const ndl = await oai(`verb=GetRecord&identifier=oai:lib.example.jp:${id}&metadataPrefix=dcndl_simple`);
    expect(ndl).toContain('<dcndl_simple:dc xmlns:dcndl_simple="http://ndl.go.jp/dcndl/dcndl_simple/"');
    expect(ndl).toContain('<dcndl:titleTranscription>こころ</dcndl:titleTranscription>');
    expect(ndl).toContain('<dcndl:creatorTranscription>なつめ そうせき</dcndl:creatorTranscription>');
    expect(ndl).toContain('<dc:identifier xsi:type="dcndl:ISBN">9784003101018</dc:identifier>');
    expect(ndl).toContain(`<rdfs:seeAlso rdf:resource="https://lib.example.jp/records/${id}"/>`);
    const dvd = await valid(`verb=GetRecord&identifier=oai:lib.example.jp:${ids.get('dvd')}&metadataPrefix=oai_dc`);
    expect(dvd).toContain('<dc:type>MovingImage</dc:type>');
    const posted = await ctx.app.request('/oai', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `verb=GetRecord&identifier=oai:lib.example.jp:${id}&metadataPrefix=oai_dc`,
    });
    expect(await posted.text()).toContain('<dc:creator>夏目 漱石</dc:creator>');
  });

  it('moves a datestamp when the record or its copies change, and answers withdrawn records as deleted', async () => {
    const kokoro = ids.get('kokoro')!;
    const dvd = ids.get('dvd')!;
    await ctx.db.updateTable('records').set({ subject: '小説（日本）' }).where('id', '=', kokoro).execute();
    await ctx.db.updateTable('copies').set({ status: 'withdrawn' }).where('record_id', '=', dvd).execute();
    const recent = await valid('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-06-01');
    expect(all(recent, /<identifier>([^<]+)</).sort()).toEqual([`oai:lib.example.jp:${kokoro}`, `oai:lib.example.jp:${dvd}`].sort());
    expect(recent).toContain('<header status="deleted">');
    const gone = await valid(`verb=GetRecord&identifier=oai:lib.example.jp:${dvd}&metadataPrefix=oai_dc`);
    expect(gone).toContain('<header status="deleted">');
    expect(gone).not.toContain('<metadata>');
    // A loan and a return are not a change a harvester needs to see.
    await ctx.db.updateTable('copies').set({ status: 'on_loan' }).where('barcode', '=', 'B1000').execute();
    expect(all(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-06-01'), /<identifier>([^<]+)</)).toHaveLength(2);
    const old = await valid('verb=ListIdentifiers&metadataPrefix=oai_dc&set=material:magazine&until=2026-01-01');
    expect(all(old, /<identifier>([^<]+)</)).toHaveLength(6);
    expect(errorCode(await valid('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2025-12-31T23:59:59Z'))).toBe('noRecordsMatch');
  });

  it('answers each kind of bad request with its error code, and echoes only valid arguments', async () => {
    const cases: [string, string][] = [
      ['', 'badVerb'],
      ['verb=Explain', 'badVerb'],
      ['verb=Identify&verb=Identify', 'badVerb'],
      ['verb=Identify&extra=1', 'badArgument'],
      ['verb=GetRecord&metadataPrefix=oai_dc', 'badArgument'],
      ['verb=ListRecords', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=２０２６-０１-０１', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-12-31T00:00:00Z', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-12-01&until=2026-01-01', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:lib.example.jp:999999', 'idDoesNotExist'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:other.example:1', 'idDoesNotExist'],
      ['verb=ListMetadataFormats&identifier=nonsense', 'idDoesNotExist'],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=material:map', 'noRecordsMatch'],
      ['verb=ListSets&resumptionToken=x', 'badResumptionToken'],
    ];
    for (const [query, code] of cases) {
      const xml = await valid(query);
      expect([query, errorCode(xml)]).toEqual([query, code]);
      if (code === 'badVerb' || code === 'badArgument') expect(xml).toContain('<request>https://lib.example.jp/oai</request>');
    }
  });
});
