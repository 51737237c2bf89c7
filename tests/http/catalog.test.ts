/** /search and /records/:id over a small imported catalog. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEntries, parseCatalogFile } from '../../src/catalog/catalog.import.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';

const header = 'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes,av_format';
const rows = [
  ...Array.from({ length: 25 }, (_, i) => `cat-${i},book,猫の本 ${i + 1},ねこのほん,著者 ${i},,出版社,${2000 + i},,,,,,${500100 + i},`),
  'lent,book,吾輩は猫である,わがはいはねこである,夏目 漱石,なつめ そうせき,岩波書店,1990,,,,,,600001,',
  'mag-1,magazine,月刊ねこ 11月号,,,,,,,,月刊ねこ,11月号,2026-11-01,600002,',
  'mag-2,magazine,月刊ねこ 12月号,,,,,,,,月刊ねこ,12月号,2026-12-01,600003,',
  'dvd,av,猫の映画,ねこのえいが,,,,2010,,,,,,600004,dvd',
];

describe.each(databaseKinds)('catalog pages on %s', (kind) => {
  let ctx: TestContext;
  let ids: Map<string, number>;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
    const entries = parseCatalogFile('catalog.csv', Buffer.from([header, ...rows].join('\n')));
    await importEntries(ctx.db, entries, { libraryPlaces: ['main'], now: ctx.clock.now() });
    ids = new Map((await ctx.db.selectFrom('records').select(['id', 'source_id']).execute()).map((r) => [r.source_id, r.id]));
    const patron = await ctx.db
      .insertInto('patrons')
      .values({ card_number: '01234567', name: '読者', birth_date: '1980-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const copy = await ctx.db.selectFrom('copies').select('id').where('barcode', '=', '600001').executeTakeFirstOrThrow();
    await ctx.db.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', copy.id).execute();
    await ctx.db
      .insertInto('loans')
      .values({ copy_id: copy.id, patron_id: patron.id, checked_out_at: ctx.clock.now(), due_date: '2026-12-15' })
      .execute();
    await ctx.db
      .insertInto('holds')
      .values({
        patron_id: patron.id,
        record_id: ids.get('lent')!,
        pickup_place: 'main',
        contact: 'none',
        placed_via: 'web',
        placed_at: ctx.clock.now(),
      })
      .execute();
  });
  afterAll(() => ctx.close());

  it('shows the search page for an empty or blank query', async () => {
    for (const path of ['/search', '/search?q=', '/search?q=%20%E3%80%80']) {
      const response = await ctx.app.request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('探したい資料の書名');
    }
  });

  it('refuses a 1,000-character query with a message', async () => {
    const response = await ctx.app.request(`/search?q=${'猫'.repeat(1000)}`);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('検索語が長すぎます（1000文字）');
  });

  it('answers htmx with the results fragment and a plain request with the page', async () => {
    const page = await ctx.app.request('/search?q=%E7%8C%AB');
    const html = await page.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('27件見つかりました（1〜20件目を表示）');
    expect(html).toContain('hx-push-url="true"');
    const fragment = await ctx.app.request('/search?q=%E7%8C%AB', { headers: { 'HX-Request': 'true' } });
    const part = await fragment.text();
    expect(part.startsWith('<section id="search-results"')).toBe(true);
    expect(fragment.headers.get('Vary')).toContain('HX-Request');
  });

  it('filters by material and availability, sorts, and pages', async () => {
    expect(await (await ctx.app.request('/search?q=%E7%8C%AB&type=av')).text()).toContain('1件見つかりました');
    const available = await (await ctx.app.request('/search?q=%E7%8C%AB&available=1')).text();
    expect(available).toContain('26件見つかりました');
    expect(available).not.toContain('吾輩は猫である');
    const newest = await (await ctx.app.request('/search?q=%E7%8C%AB&sort=newest')).text();
    expect(newest.indexOf('猫の本 25')).toBeLessThan(newest.indexOf('猫の本 24'));
    const second = await (await ctx.app.request('/search?q=%E7%8C%AB&page=2')).text();
    expect(second).toContain('21〜27件目を表示');
    expect(second).toContain('href="/search?q=%E7%8C%AB"');
    const beyond = await (await ctx.app.request('/search?q=%E7%8C%AB&page=9')).text();
    expect(beyond).toContain('9 / 2');
  });

  it('treats SQL-looking input as text', async () => {
    const response = await ctx.app.request(`/search?q=${encodeURIComponent("'; drop table records; --")}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('見つかりませんでした');
  });

  it('shows a record on the shelf without the cart button, and says why', async () => {
    const response = await ctx.app.request(`/records/${ids.get('cat-0')}`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<h1>猫の本 1</h1>');
    expect(html).toContain('在架しています。図書館でお借りください。');
    expect(html).not.toContain('カートに入れる');
  });

  it('offers the cart for a record whose copies are all on loan, with the due date and hold count', async () => {
    const client = new TestClient(ctx.app);
    const { response, html } = await client.page(`/records/${ids.get('lent')}`);
    expect(response.status).toBe(200);
    expect(html).toContain('貸出中（返却期限 2026年12月15日(火)）');
    expect(html).toContain('予約件数: 1件');
    expect(html).toMatch(
      /<form method="post" action="\/cart"[^>]*><input type="hidden" name="_csrf" value="[^"]+"\/?><input type="hidden" name="record_id" value="\d+"\/?><button type="submit">カートに入れる<\/button>/,
    );
  });

  it('offers the latest magazine issue and not an older one on the shelf', async () => {
    const latest = await (await ctx.app.request(`/records/${ids.get('mag-2')}`)).text();
    expect(latest).toContain('最新号');
    expect(latest).toContain('カートに入れる');
    const older = await (await ctx.app.request(`/records/${ids.get('mag-1')}`)).text();
    expect(older).toContain('バックナンバー');
    expect(older).not.toContain('カートに入れる');
  });

  it('makes each result one block saying whether it is on the shelf and can be reserved, the issue written once', async () => {
    const result = async (q: string, sourceId: string) => {
      const html = await (await ctx.app.request(`/search?q=${encodeURIComponent(q)}`)).text();
      const start = html.indexOf(`<a href="/records/${ids.get(sourceId)}?back=`);
      expect(start).toBeGreaterThan(-1);
      return html.slice(start, html.indexOf('</a>', start));
    };
    const lent = await result('吾輩', 'lent');
    expect(lent).toContain('<span class="result-title">吾輩は猫である</span>');
    expect(lent).toContain('<span class="status">貸出中・予約できます</span>');
    expect(await result('猫の本 1', 'cat-0')).toContain('<span class="status ok">在架（図書館でお借りください）</span>');
    const magazines = await (await ctx.app.request('/search?q=%E3%81%AD%E3%81%93&type=magazine')).text();
    expect(magazines).toContain('<span class="result-title">月刊ねこ 12月号</span>');
    expect(magazines).not.toContain('12月号 12月号');
    expect(magazines).toContain('在架・予約できます');
    await ctx.db.updateTable('copies').set({ reference_only: true }).where('barcode', '=', '600004').execute();
    const film = await (await ctx.app.request('/search?q=%E6%98%A0%E7%94%BB')).text();
    expect(film).toContain('<span class="status muted">貸出できません</span>');
    await ctx.db.updateTable('copies').set({ reference_only: false }).where('barcode', '=', '600004').execute();
  });

  it('links a record back to the results it was opened from, and to nothing else', async () => {
    const results = await (await ctx.app.request('/search?q=%E5%90%BE%E8%BC%A9&sort=title')).text();
    const link = /<a href="(\/records\/\d+\?back=[^"]+)" class="result">/.exec(results)![1]!.replaceAll('&amp;', '&');
    const record = await (await ctx.app.request(link)).text();
    expect(record).toContain('<a href="/search?q=%E5%90%BE%E8%BC%A9&amp;sort=title">← 検索結果に戻る</a>');
    const id = ids.get('lent')!;
    for (const back of ['https://evil.example/search', '//evil.example/search', '/account', '/searchx', 'javascript:alert(1)']) {
      const page = await (await ctx.app.request(`/records/${id}?back=${encodeURIComponent(back)}`)).text();
      expect(page).not.toContain('検索結果に戻る');
    }
  });

  it('lists the magazines when 種別 is 雑誌 and the keyword is empty, and nothing else without a keyword', async () => {
    const magazines = await (await ctx.app.request('/search?q=&type=magazine')).text();
    expect(magazines).toContain('月刊ねこ 11月号');
    expect(magazines).toContain('月刊ねこ 12月号');
    expect(magazines).toContain('2件');
    expect(magazines).not.toContain('猫の本');
    const books = await (await ctx.app.request('/search?q=&type=book')).text();
    expect(books).toContain('探したい資料の書名');
    expect(books).not.toContain('猫の本');
  });

  it('answers 404 for unknown and non-numeric ids', async () => {
    for (const path of ['/records/999999', '/records/abc', '/records/1.5', '/records/99999999999999999999']) {
      expect((await ctx.app.request(path)).status).toBe(404);
    }
  });
});
