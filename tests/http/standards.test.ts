/** What other library services read: /isbn links, OpenSearch with Atom results, schema.org JSON-LD and the canonical link on record pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEntries, parseCatalogFile } from '../../src/catalog/catalog.import.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

const header = 'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes,av_format';
const rows = [
  'kokoro,book,こころ </script><!--,こころ,夏目 漱石,なつめ そうせき,岩波書店,1991,9784003101018,小説,,,,K1;K2,',
  'dup-1,book,坊っちゃん,ぼっちゃん,夏目 漱石,,新潮社,2003,9784101010014,,,,,D1,',
  'dup-2,book,坊っちゃん（新版）,ぼっちゃん,夏目 漱石,,新潮社,2012,,,,,,D2,',
  ...Array.from({ length: 45 }, (_, i) => `n-${i},book,猫の本 ${i + 1},ねこのほん,著者 ${i},,出版社,${2000 + i},,,,,,N${i},`),
];

describe.each(databaseKinds)('library standards on %s', (kind) => {
  let ctx: TestContext;
  let ids: Map<string, number>;
  beforeAll(async () => {
    ctx = await createTestContext(kind, { siteUrl: 'https://lib.example.jp' });
    const entries = parseCatalogFile('catalog.csv', Buffer.from([header, ...rows].join('\n')));
    await importEntries(ctx.db, entries, { libraryPlaces: ['main'], now: ctx.clock.now() });
    ids = new Map((await ctx.db.selectFrom('records').select(['id', 'source_id']).execute()).map((r) => [r.source_id, r.id]));
    // Two editions under one ISBN, as catalogs have them.
    await ctx.db.updateTable('records').set({ isbn: '9784101010014' }).where('source_id', '=', 'dup-2').execute();
    await ctx.db.updateTable('copies').set({ status: 'on_loan' }).where('barcode', '=', 'K2').execute();
  });
  afterAll(() => ctx.close());
  const kokoroPath = () => `/records/${ids.get('kokoro')}`;

  it('sends /isbn/… to the record, to the search when several share it, or to a 404 page', async () => {
    const kokoro = kokoroPath();
    for (const isbn of ['9784003101018', '978-4-00-310101-8', '4003101014', '4-00-310101-4', '９７８４００３１０１０１８']) {
      const response = await ctx.app.request(`/isbn/${encodeURIComponent(isbn)}`);
      expect([isbn, response.status, response.headers.get('Location')]).toEqual([isbn, 302, kokoro]);
    }
    const several = await ctx.app.request('/isbn/4-10-101001-3');
    expect([several.status, several.headers.get('Location')]).toEqual([302, '/search?q=9784101010014']);
    for (const isbn of ['9784003101019', '4003101015', '9784062748681', 'not-an-isbn', '978400310101800']) {
      const response = await ctx.app.request(`/isbn/${isbn}`);
      expect([isbn, response.status]).toEqual([isbn, 404]);
      expect(await response.text()).toContain('<html');
    }
  });

  it('describes its search for OpenSearch and links the description from every page', async () => {
    const description = await ctx.app.request('/opensearch.xml');
    expect(description.headers.get('Content-Type')).toBe('application/opensearchdescription+xml; charset=utf-8');
    const xml = await description.text();
    expect(xml).toContain('<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">');
    expect(xml).toContain('template="https://lib.example.jp/search?q={searchTerms}&amp;page={startPage?}&amp;format=atom"');
    for (const path of ['/', '/search?q=猫', kokoroPath()]) {
      expect(await (await ctx.app.request(path)).text()).toContain(
        '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"',
      );
    }
  });
  it('gives search results as Atom with the same query and paging', async () => {
    const first = await ctx.app.request('/search?q=猫の本&format=atom');
    expect(first.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const feed = await first.text();
    expect(feed).toContain('<opensearch:totalResults>45</opensearch:totalResults>');
    expect(feed).toContain('<opensearch:startIndex>1</opensearch:startIndex>');
    expect(feed.match(/<entry>/g)).toHaveLength(20);
    expect(feed).toContain(
      'rel="next" type="application/atom+xml" href="https://lib.example.jp/search?q=%E7%8C%AB%E3%81%AE%E6%9C%AC&amp;page=2&amp;format=atom"',
    );
    const third = await (await ctx.app.request('/search?q=猫の本&page=3&format=atom')).text();
    expect(third.match(/<entry>/g)).toHaveLength(5);
    expect(third).toContain('<opensearch:startIndex>41</opensearch:startIndex>');
    expect(third).not.toContain('rel="next"');
    const tooLong = await ctx.app.request(`/search?q=${'猫'.repeat(201)}&format=atom`);
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain('<opensearch:totalResults>0</opensearch:totalResults>');
  });

  it('marks a record page up with schema.org JSON-LD and its canonical URL', async () => {
    const html = await (await ctx.app.request(`${kokoroPath()}?back=${encodeURIComponent('/search?q=こころ')}`)).text();
    expect(html).toContain(`<link rel="canonical" href="https://lib.example.jp${kokoroPath()}"`);
    const script = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!;
    expect(script).not.toContain('<');
    const data = JSON.parse(script) as Record<string, unknown> & { offers: Record<string, unknown>[] };
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Book',
      name: 'こころ </script><!--',
      isbn: '9784003101018',
      author: { '@type': 'Person', name: '夏目 漱石' },
      datePublished: '1991',
    });
    expect(data.offers.map((o) => [o.sku, o.availability])).toEqual([
      ['K1', 'https://schema.org/InStock'],
      ['K2', 'https://schema.org/OutOfStock'],
    ]);
    expect(data.offers[0]).toMatchObject({ businessFunction: 'http://purl.org/goodrelations/v1#LeaseOut', seller: { '@type': 'Library' } });
  });
});
