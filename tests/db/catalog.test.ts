import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import iconv from 'iconv-lite';
import marc from 'marcjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImportSummary, importCatalogFile, parseCatalogFile } from '../../src/catalog/catalog.import.ts';
import { searchRecords } from '../../src/catalog/catalog.repo.ts';
import { buildSearchText, parseQuery } from '../../src/catalog/catalog.rules.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { aozoraCatalogCsv, ndlSample } from '../support/aozora.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { statementRecorder } from '../support/statements.ts';

const now = new Date('2026-12-01T10:00:00+09:00');
const options = { libraryPlaces: ['main', 'minami'], now };
const workDir = mkdtempSync(path.join(tmpdir(), 'catalog-test-'));
const aozora = aozoraCatalogCsv();
const aozoraFile = path.join(workDir, 'aozora.csv');
writeFileSync(aozoraFile, aozora.csv);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(databaseKinds)('catalog import and search on %s', (kind) => {
  let database: AppDatabase;
  let ndl: ImportSummary;
  let works: ImportSummary;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    let started = Date.now();
    ndl = await importCatalogFile(database.db, ndlSample, options);
    timings.ndl = Date.now() - started;
    started = Date.now();
    works = await importCatalogFile(database.db, aozoraFile, options);
    timings.aozora = Date.now() - started;
    console.log(`${kind}: NDL sample (${ndl.read} records) ${timings.ndl} ms, Aozora list (${works.read} works) ${timings.aozora} ms`);
  }, 180_000);
  afterAll(() => database.close());

  const terms = (q: string) => {
    const parsed = parseQuery(q);
    if (parsed.kind !== 'terms') throw new Error(`not a query: ${q}`);
    return parsed.terms;
  };
  const search = async (
    q: string,
    extra: { type?: 'book' | 'magazine' | 'av'; available?: boolean; sort?: 'relevance' | 'newest' | 'title'; offset?: number } = {},
  ) => {
    return searchRecords(database.db, {
      terms: terms(q),
      type: extra.type ?? null,
      available: extra.available ?? false,
      sort: extra.sort ?? 'relevance',
      limit: 20,
      offset: extra.offset ?? 0,
    });
  };
  // Of these grams, the kept counts that differ from a count of their postings made now.
  const staleGramCounts = async (grams: string[]) =>
    (
      await sql<{ gram: string }>`
        select coalesce(k.gram, c.gram) as gram
        from (select gram, material, count(*)::int as records from search_postings where gram = any(${grams}::text[]) group by gram, material) as c
        full join (select * from search_gram_counts where records <> 0 and gram = any(${grams}::text[])) as k on k.gram = c.gram and k.material = c.material
        where k.records is distinct from c.records`.execute(database.db)
    ).rows;
  // The kept record counts that differ from a count of the records made now.
  const staleRecordCounts = async () =>
    (
      await sql<{ material: string }>`
        select coalesce(k.material, c.material) as material
        from (select material, count(*)::int as records from records group by material) as c
        full join (select * from record_counts where records <> 0) as k on k.material = c.material
        where k.records is distinct from c.records`.execute(database.db)
    ).rows;
  const titles = async (q: string) => (await search(q)).hits.map((h) => h.title);
  /**
   * `prefix`'s matches of a walk test: the exact title, 10,300 titles `before` + i + `after` in 25 reading-prefix
   * groups, and 150 records whose title is `other` + i and whose author holds the rest of the query.
   */
  const addMatches = async (
    prefix: string,
    m: { exact: string; exactKana: string; before: string; after: string; other: string; otherKana: string; author: string },
  ) => {
    await sql`insert into records (source_id, material, title, title_kana, search_text)
      values (${prefix} || '-exact', 'book', ${m.exact}, ${m.exactKana}, ${m.exact} || ' ' || ${m.exactKana} || '|')`.execute(database.db);
    await sql`insert into records (source_id, material, title, title_kana, author, search_text)
      select ${prefix} || '-' || i, 'book', ${m.before} || i || ${m.after}, reading, '', ${m.before} || i || ${m.after} || ' ' || reading || '|'
      from generate_series(1, 10300) as i,
        lateral (select (array['か', 'あ', 'さ', 'な', 'た'])[i % 5 + 1] || 'ぬえ' || (array['か', 'あ', 'さ', 'な', 'た'])[i * 7 % 5 + 1] || i as reading) as r`.execute(
      database.db,
    );
    await sql`insert into records (source_id, material, title, title_kana, author, search_text)
      select ${prefix} || '-author-' || i, 'book', ${m.other} || i, ${m.otherKana} || i, ${m.author},
        ${m.other} || i || ' ' || ${m.otherKana} || i || '|' || ${m.author}
      from generate_series(1, 150) as i`.execute(database.db);
  };
  // The ids of the records a test added under this source-id prefix, in relevance order: its exact title, the records whose
  // title holds the query, then those whose author does (source ids `prefix-exact`, `prefix-…` and `prefix-author-…`).
  const inRelevanceOrder = async (prefix: string) => {
    const all = await database.db
      .selectFrom('records')
      .select(['id', 'source_id', 'title_kana'])
      .where('source_id', 'like', `${prefix}-%`)
      .execute();
    const group = (r: (typeof all)[number]) =>
      r.source_id === `${prefix}-exact` ? 0 : r.source_id.startsWith(`${prefix}-author-`) ? 2 : 1;
    return all
      .sort((a, b) => group(a) - group(b) || (a.title_kana < b.title_kana ? -1 : a.title_kana > b.title_kana ? 1 : a.id - b.id))
      .map((r) => r.id);
  };

  it('imports every record of both files', () => {
    expect(ndl).toMatchObject({ read: 180, imported: 180, skipped: 0 });
    expect(works).toMatchObject({ read: aozora.works, imported: aozora.works, skipped: 0 });
  });

  it('finds kanji titles by kanji, by kana reading and by katakana', async () => {
    expect(await titles('吾輩は猫である')).toContain('吾輩は猫である');
    expect(await titles('わがはいはねこである')).toContain('吾輩は猫である');
    expect(await titles('ワガハイ')).toContain('吾輩は猫である');
    expect(await titles('これからの本の話')).toEqual(['これからの本の話をしよう']);
    expect(await titles('コレカラ ノ ホン')).toContain('これからの本の話をしよう');
  });

  it('finds authors by name and by reading', async () => {
    const byName = await search('夏目漱石');
    const byReading = await search('なつめ');
    expect(byName.total).toBeGreaterThan(50);
    expect(byReading.hits.some((h) => h.author === '夏目 漱石')).toBe(true);
    expect((await search('ハギノ マサアキ')).hits.map((h) => h.title)).toContain('これからの本の話をしよう');
    expect((await search('夏目 こころ')).hits.map((h) => h.title)).toContain('こころ');
  });

  it('finds ISBN-13 and ISBN-10, with or without hyphens', async () => {
    for (const isbn of ['978-4-7949-7075-6', '9784794970756', '4-7949-7075-7', '4794970757']) {
      expect((await search(isbn)).hits.map((h) => h.title)).toEqual(['これからの本の話をしよう']);
    }
  });

  it('answers 1- and 2-character queries, the exact title first', async () => {
    const heart = await search('心');
    expect(heart.total).toBeGreaterThan(20);
    expect(heart.hits[0]!.title).toBe('心');
    const cat = await search('猫');
    expect(cat.hits[0]!.title).toBe('猫');
    expect(await titles('吾輩')).toContain('吾輩は猫である');
    expect((await search('ねこ')).total).toBeGreaterThanOrEqual(cat.total - 5);
  });

  it('sorts by newest and by title reading, and filters by material', async () => {
    const newest = (await search('電子', { sort: 'newest' })).hits.map((h) => h.pubYear ?? 0);
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    const byTitle = (await search('こころ', { sort: 'title' })).hits.map((h) => h.titleKana);
    expect(byTitle).toEqual([...byTitle].sort());
    expect((await search('心', { type: 'av' })).total).toBe(0);
  });

  it('is idempotent, and updates a changed record', async () => {
    const again = await importCatalogFile(database.db, ndlSample, options);
    expect(again).toMatchObject({ read: 180, imported: 0, updated: 0, unchanged: 180, skipped: 0 });
    const changed = aozora.csv.replace(',吾輩は猫である,', ',吾輩ハ猫デアル,');
    const changedFile = path.join(workDir, `changed-${kind}.csv`);
    writeFileSync(changedFile, changed);
    const updated = await importCatalogFile(database.db, changedFile, options);
    expect(updated).toMatchObject({ imported: 0, updated: 1, unchanged: aozora.works - 1 });
    expect(await titles('吾輩ハ猫')).toContain('吾輩ハ猫デアル');
  });

  it('pages a 1-character search in title order without gaps or repeats', async () => {
    for (const q of ['心', '夏', 'の']) {
      const pages = await Promise.all([0, 20, 40].map(async (offset) => (await search(q, { sort: 'title', offset })).hits));
      const readings = pages.flat().map((h) => h.titleKana);
      expect(new Set(pages.flat().map((h) => h.id)).size).toBe(readings.length);
      expect(readings).toEqual(
        [...readings].sort((a, b) => ((a === '') !== (b === '') ? (a === '' ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0)),
      );
    }
  });

  it('keeps a 1-character search in step with added, changed and deleted records', async () => {
    const fields = { title: '鼾', titleKana: 'いびき', author: '', authorKana: '', publisher: '', subject: '', series: '', seriesKana: '' };
    const before = (await search('鼾')).total;
    const { id } = await database.db
      .insertInto('records')
      .values({ source_id: 'postings-test', material: 'book', title: '鼾', title_kana: 'いびき', search_text: buildSearchText(fields) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await search('鼾')).total).toBe(before + 1);
    expect((await search('鼾')).hits[0]!.id).toBe(id);
    await database.db
      .updateTable('records')
      .set({ title: '寝息', title_kana: 'ねいき', search_text: buildSearchText({ ...fields, title: '寝息', titleKana: 'ねいき' }) })
      .where('id', '=', id)
      .execute();
    expect((await search('鼾')).total).toBe(before);
    expect((await search('寝息', { sort: 'title' })).hits.map((h) => h.id)).toContain(id);
    await database.db.deleteFrom('records').where('id', '=', id).execute();
    expect((await search('寝息')).hits.map((h) => h.id)).not.toContain(id);
  });

  it('keeps the gram and record counts equal to the postings and records after imports, updates, a change of material and deletes', async () => {
    const grams = [
      '鼾',
      '歌',
      '鼾の',
      'の歌',
      'い',
      'び',
      'いび',
      'びき',
      'きの',
      'のう',
      'うた',
      '寝',
      '息',
      '寝息',
      'ねい',
      '心',
      'ここ',
    ];
    expect(await staleGramCounts(grams)).toEqual([]);
    expect(await staleRecordCounts()).toEqual([]);
    const before = { book: (await search('鼾')).total, av: (await search('鼾', { type: 'av' })).total };
    const fields = {
      title: '鼾の歌',
      titleKana: 'いびきのうた',
      author: '',
      authorKana: '',
      publisher: '',
      subject: '',
      series: '',
      seriesKana: '',
    };
    const rows = await database.db
      .insertInto('records')
      .values(
        ['a', 'b', 'c'].map((n) => ({
          source_id: `counts-${n}`,
          material: 'book' as const,
          title: fields.title,
          title_kana: fields.titleKana,
          search_text: buildSearchText(fields),
        })),
      )
      .returning('id')
      .execute();
    expect((await search('鼾')).total).toBe(before.book + 3);
    await database.db.updateTable('records').set({ material: 'av', av_format: 'dvd' }).where('id', '=', rows[0]!.id).execute();
    expect((await search('鼾', { type: 'av' })).total).toBe(before.av + 1);
    expect((await search('鼾', { type: 'book' })).total).toBe(before.book + 2);
    expect(await staleRecordCounts()).toEqual([]);
    await database.db
      .updateTable('records')
      .set({ title: '寝息', title_kana: 'ねいき', search_text: buildSearchText({ ...fields, title: '寝息', titleKana: 'ねいき' }) })
      .where('id', '=', rows[1]!.id)
      .execute();
    expect((await search('鼾')).total).toBe(before.book + 2);
    expect(await staleGramCounts(grams)).toEqual([]);
    await database.db.deleteFrom('records').where('source_id', 'like', 'counts-%').execute();
    expect((await search('鼾')).total).toBe(before.book);
    expect(await staleGramCounts(grams)).toEqual([]);
    expect(await staleRecordCounts()).toEqual([]);
  });

  it('counts every match exactly, past 10,000, and says "more than" only when filtering by what is on the shelf', async () => {
    const before = { kanji: (await search('鼾')).total, kana: (await search('いびき')).total };
    await sql`insert into records (source_id, material, title, title_kana, search_text)
      select 'many-' || i, 'book', '鼾' || i, 'いびき', '鼾' || i || ' いびき|' from generate_series(1, 10001) as i`.execute(database.db);
    await sql`insert into copies (barcode, record_id, home_place, current_place)
      select 'MANY' || id, id, 'main', 'main' from records where source_id like 'many-%'`.execute(database.db);
    const many = await search('鼾');
    expect(many).toMatchObject({ total: before.kanji + 10_001, moreThanTotal: false });
    expect(many.hits).toHaveLength(20);
    expect(await search('鼾', { type: 'book' })).toMatchObject({ total: before.kanji + 10_001, moreThanTotal: false });
    expect(await search('鼾', { available: true })).toMatchObject({ total: 10_000, moreThanTotal: true });
    // By relevance a longer term's page is walked off its postings and its matches counted up to 10,000; by title they are all
    // read to be sorted, and so counted exactly, on a page past the last one too.
    expect(await search('いびき')).toMatchObject({ total: 10_000, moreThanTotal: true });
    expect(await search('いびき', { sort: 'title' })).toMatchObject({ total: before.kana + 10_001, moreThanTotal: false });
    expect(await search('いびき', { sort: 'title', offset: 20_000 })).toMatchObject({
      total: before.kana + 10_001,
      moreThanTotal: false,
      hits: [],
    });
    // One reading for all: the whole prefix group is put in order, by id.
    expect((await search('鼾', { sort: 'title' })).hits.map((h) => h.title)).toEqual(Array.from({ length: 20 }, (_, i) => `鼾${i + 1}`));
    await database.db.deleteFrom('records').where('source_id', 'like', 'many-%').execute();
  }, 60_000);

  it('pages a longer term with more than 10,000 matches off its rarest gram: the exact title, then title matches by reading, then the rest', async () => {
    // One exact title, 10,300 title matches in 25 reading-prefix groups, and 150 records that hold the term only as their author.
    await addMatches('walk', {
      exact: '鵺鶫鵺',
      exactKana: 'ぬえつくみぬえ',
      before: '鵺鶫鵺',
      after: '',
      other: '他',
      otherKana: 'ほか',
      author: '鵺鶫鵺',
    });
    const expected = await inRelevanceOrder('walk');
    const page = async (offset: number) => (await search('鵺鶫鵺', { offset })).hits.map((h) => h.id);
    expect(await search('鵺鶫鵺')).toMatchObject({ total: 10_000, moreThanTotal: true });
    // Walked: the first page, one across prefix groups, a deep one; where the title matches run out, the sort answers.
    expect(await page(0)).toEqual(expected.slice(0, 20));
    expect(await page(140)).toEqual(expected.slice(140, 160));
    expect(await page(5000)).toEqual(expected.slice(5000, 5020));
    expect(await page(10_290)).toEqual(expected.slice(10_290, 10_310));
    expect(await page(10_440)).toEqual(expected.slice(10_440));
    // Sorted by title, every match is read and counted.
    expect(await search('鵺鶫鵺', { sort: 'title' })).toMatchObject({ total: 10_451, moreThanTotal: false });
    await database.db.deleteFrom('records').where('source_id', 'like', 'walk-%').execute();
  }, 120_000);

  it('pages several terms with more than 10,000 matches off the rarest gram: the exact title, then titles holding every term, then the rest', async () => {
    // The exact title 「鵺鶫」, 10,300 titles holding both terms apart, 150 holding 「鶫」 only as their author, and 5 holding 「の」 too.
    await addMatches('pair', {
      exact: '鵺鶫',
      exactKana: 'ぬえつくみ',
      before: '鵺',
      after: '鶫',
      other: '鵺',
      otherKana: 'ぬえ',
      author: '鶫',
    });
    await sql`update records set title = title || 'の', search_text = replace(search_text, ' ', 'の ') where source_id in ('pair-author-1', 'pair-author-2', 'pair-7', 'pair-8', 'pair-9')`.execute(
      database.db,
    );
    const expected = await inRelevanceOrder('pair');
    const page = async (q: string, offset: number) => (await search(q, { offset })).hits.map((h) => h.id);
    expect(await search('鵺 鶫')).toMatchObject({ total: 10_000, moreThanTotal: true });
    expect(await page('鵺 鶫', 0)).toEqual(expected.slice(0, 20));
    expect(await page('鵺 鶫', 140)).toEqual(expected.slice(140, 160));
    expect(await page('鵺 鶫', 10_290)).toEqual(expected.slice(10_290, 10_310));
    expect(await page('鵺 鶫', 10_440)).toEqual(expected.slice(10_440));
    // 「鶫の」 is so rare beside 「鵺」 that the index is asked for it alone, and 「鵺」 is checked in the text.
    const rare = await search('鵺 鶫の');
    expect(rare).toMatchObject({ total: 3, moreThanTotal: false });
    expect(rare.hits.map((h) => h.title).sort()).toEqual(['鵺7鶫の', '鵺8鶫の', '鵺9鶫の']);
    const both = await sql<{
      n: number;
    }>`select count(*)::int as n from records where strpos(search_text, '鵺') > 0 and strpos(search_text, 'の') > 0`.execute(database.db);
    expect(await search('鵺 の')).toMatchObject({ total: both.rows[0]!.n, moreThanTotal: false });
    await database.db.deleteFrom('records').where('source_id', 'like', 'pair-%').execute();
  }, 120_000);

  it('proves "more than 10,000" for common short terms together from the kept counts, and counts them where it cannot', async () => {
    // 10,200 video titles holding both 「鵺」 and 「鶫」; the catalog's other records are books.
    await sql`insert into records (source_id, material, av_format, title, title_kana, search_text)
      select 'dense-' || i, 'av', 'dvd', '鵺' || i || '鶫', 'ぬえこ' || i, '鵺' || i || '鶫 ぬえこ' || i || '|'
      from generate_series(1, 10200) as i`.execute(database.db);
    const recorder = statementRecorder();
    const recorded = database.db.withPlugin(recorder.plugin);
    const counted = () => recorder.statements().filter((statement) => statement.includes('search_grams(r.search_text) @>'));
    const searchVideos = async (q: string, available = false) =>
      searchRecords(recorded, { terms: terms(q), type: 'av', available, sort: 'relevance', limit: 20, offset: 0 });
    // Of at most 10,200 + (other videos) records, each term held by 10,200: together by more than 10,000.
    const { n: videos } = await database.db
      .selectFrom('record_counts')
      .select('records as n')
      .where('material', '=', 'av')
      .executeTakeFirstOrThrow();
    expect(2 * 10_200 - videos).toBeGreaterThan(10_000);
    const proven = await searchVideos('鵺 鶫');
    expect(proven).toMatchObject({ total: 10_000, moreThanTotal: true });
    expect(proven.hits).toHaveLength(20);
    expect(counted()).toEqual([]);
    // Counted where the counts prove nothing: over the whole catalog, and for a longer term, which may be held apart from its grams.
    for (const [q, type] of [
      ['鵺 鶫', null],
      ['鵺 ぬえこ', 'av'],
    ] as const) {
      recorder.reset();
      const result = await searchRecords(recorded, { terms: terms(q), type, available: false, sort: 'relevance', limit: 20, offset: 0 });
      expect(result, q).toMatchObject({ total: 10_000, moreThanTotal: true });
      expect(counted(), q).toHaveLength(1);
    }
    // With "on the shelf now", what is on the shelf is read.
    recorder.reset();
    expect(await searchVideos('鵺 鶫', true)).toMatchObject({ total: 0, moreThanTotal: false });
    expect(counted()).not.toEqual([]);
    await database.db.deleteFrom('records').where('source_id', 'like', 'dense-%').execute();
  }, 120_000);

  it("remembers a walked search's count until a record changes what it matches, and counts what is on the shelf every time", async () => {
    // 10,300 titles holding 「鶉」, the first 120 by reading holding 「鷸」 too, and 10,300 holding 「鷸」 only as their author: both
    // grams are too common to sort their matches, so the page is walked, and the 120 are counted, which the kept counts cannot prove.
    await sql`insert into records (source_id, material, title, title_kana, author, search_text)
      select 'memo-' || i, 'book', t.title, t.reading, '', t.title || ' ' || t.reading || '|'
      from generate_series(1, 10300) as i,
        lateral (select '鶉' || i || case when i <= 120 then '鷸' else '' end as title,
                        case when i <= 120 then 'あ' else 'か' end || i as reading) as t`.execute(database.db);
    await sql`insert into records (source_id, material, title, title_kana, author, search_text)
      select 'memo-author-' || i, 'book', '他' || i, 'ほか' || i, '鷸', '他' || i || ' ほか' || i || '|鷸'
      from generate_series(1, 10300) as i`.execute(database.db);
    const recorder = statementRecorder();
    const recorded = database.db.withPlugin(recorder.plugin);
    const counts = async (options: { available?: boolean; offset?: number } = {}) => {
      recorder.reset();
      const result = await searchRecords(recorded, {
        terms: terms('鶉 鷸'),
        type: null,
        available: options.available ?? false,
        sort: 'relevance',
        limit: 20,
        offset: options.offset ?? 0,
      });
      expect(result.hits).toHaveLength(20);
      const counted = recorder.statements().filter((statement) => statement.includes('search_grams(r.search_text) @>')).length;
      return { total: result.total, more: result.moreThanTotal, counted };
    };
    expect(await counts()).toEqual({ total: 120, more: false, counted: 1 });
    // The next page, and the same search again: the count is remembered.
    expect(await counts({ offset: 20 })).toEqual({ total: 120, more: false, counted: 0 });
    expect(await counts()).toEqual({ total: 120, more: false, counted: 0 });
    // Copies added touch their records (the OAI datestamp), but not what a search finds in them.
    await sql`insert into copies (barcode, record_id, home_place, current_place)
      select 'MEMO' || id, id, 'main', 'main' from records where source_id like 'memo-%' and title like '%鷸'`.execute(database.db);
    expect(await counts()).toEqual({ total: 120, more: false, counted: 0 });
    expect(await counts({ available: true })).toEqual({ total: 120, more: false, counted: 1 });
    expect(await counts({ available: true })).toEqual({ total: 120, more: false, counted: 1 });
    // A record added, changed or removed is counted anew, and exactly.
    await sql`insert into records (source_id, material, title, title_kana, search_text)
      values ('memo-new', 'book', '鶉鷸', 'あ', '鶉鷸 あ|')`.execute(database.db);
    expect(await counts()).toEqual({ total: 121, more: false, counted: 1 });
    await sql`update records set title = '鶉', search_text = '鶉 あ|' where source_id = 'memo-new'`.execute(database.db);
    expect(await counts()).toEqual({ total: 120, more: false, counted: 1 });
    await sql`update records set search_text = search_text || '鷸' where source_id = 'memo-new'`.execute(database.db);
    expect(await counts()).toEqual({ total: 121, more: false, counted: 1 });
    await database.db.deleteFrom('records').where('source_id', '=', 'memo-new').execute();
    expect(await counts()).toEqual({ total: 120, more: false, counted: 1 });
    // A video's change stamps only the videos: a search of books keeps its count.
    const books = async () => {
      recorder.reset();
      const result = await searchRecords(recorded, {
        terms: terms('鶉 鷸'),
        type: 'book',
        available: false,
        sort: 'relevance',
        limit: 20,
        offset: 0,
      });
      const counted = recorder.statements().filter((statement) => statement.includes('search_grams(r.search_text) @>')).length;
      return { total: result.total, counted };
    };
    expect(await books()).toEqual({ total: 120, counted: 1 });
    await sql`insert into records (source_id, material, av_format, title, title_kana, search_text)
      values ('memo-video', 'av', 'dvd', '鶉鷸', 'あ', '鶉鷸 あ|')`.execute(database.db);
    expect(await books()).toEqual({ total: 120, counted: 0 });
    expect(await counts()).toEqual({ total: 121, more: false, counted: 1 });
    await database.db.deleteFrom('copies').where('barcode', 'like', 'MEMO%').execute();
    await database.db.deleteFrom('records').where('source_id', 'like', 'memo-%').execute();
  }, 120_000);

  it('imports MARCXML and matches it to the records the binary file created', async () => {
    const first = parseCatalogFile('x.mrc', readFileSync(ndlSample)).slice(0, 3);
    expect(first.every((entry) => 'record' in entry)).toBe(true);
    const raw = readFileSync(ndlSample);
    const records: string[] = [];
    let start = 0;
    for (let i = 0; i < 3; i++) {
      const end = raw.indexOf(0x1d, start);
      records.push(marc.MarcxmlFormater.format(marc.Iso2709Parser.parse(raw.subarray(start, end + 1))));
      start = end + 1;
    }
    const xmlFile = path.join(workDir, `sample-${kind}.xml`);
    writeFileSync(
      xmlFile,
      `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n${records.join('\n')}\n</collection>\n`,
    );
    expect(await importCatalogFile(database.db, xmlFile, options)).toMatchObject({ read: 3, imported: 0, unchanged: 3, skipped: 0 });
  });

  it('reports a damaged MARC record by position and imports the others', async () => {
    const raw = readFileSync(ndlSample);
    const secondStart = raw.indexOf(0x1d) + 1;
    const damaged = Buffer.from(raw);
    damaged.write('99999', secondStart, 'latin1');
    const file = path.join(workDir, `damaged-${kind}.mrc`);
    writeFileSync(file, damaged);
    const summary = await importCatalogFile(database.db, file, options);
    expect(summary).toMatchObject({ read: 180, unchanged: 179, skipped: 1 });
    expect(summary.rejected).toEqual([{ position: `record 2 (byte ${secondStart})`, reason: expect.stringContaining('record length') }]);
  });

  it('reports bad CSV rows by line, adds copies once, and keeps the rest', async () => {
    const csv = [
      'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes,av_format',
      't-1,book,テスト本,てすとほん,著者,,出版社,2020,,,,,,900001;900002,',
      't-2,film,映画,,,,,,,,,,,,',
      't-3,book,ISBN違い,,,,,,978-4-7949-7075-0,,,,,,',
      't-4,magazine,月刊テスト 1月号,,,,,,,,月刊テスト,1月号,2026-13-01,,',
      't-5,av,テストCD,,,,,,,,,,,900003,cd',
      't-1,book,重複,,,,,,,,,,,,',
    ].join('\n');
    const file = path.join(workDir, `rows-${kind}.csv`);
    writeFileSync(file, csv);
    const summary = await importCatalogFile(database.db, file, options);
    expect(summary).toMatchObject({ read: 6, imported: 2, skipped: 4, copiesAdded: 3 });
    expect(summary.rejected.map((r) => r.position)).toEqual(['line 3', 'line 4', 'line 5', 'line 7']);
    expect((await importCatalogFile(database.db, file, options)).copiesAdded).toBe(0);
  });

  it('reads a catalog CSV saved in CP932, and refuses it when --encoding says UTF-8', async () => {
    const csv = [
      'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes',
      'sj-1,book,髙橋家の①番目の夏,たかはしけのいちばんめのなつ,髙橋 一,,㈱テスト出版,2021,,,,,,SJ0001',
    ].join('\r\n');
    const file = path.join(workDir, `cp932-${kind}.csv`);
    writeFileSync(file, iconv.encode(csv, 'cp932'));
    await expect(importCatalogFile(database.db, file, { ...options, encoding: 'utf8' })).rejects.toThrow('not valid UTF-8');
    expect(await importCatalogFile(database.db, file, options)).toMatchObject({ imported: 1, skipped: 0, copiesAdded: 1 });
    expect(await titles('髙橋家')).toEqual(['髙橋家の①番目の夏']);
    const record = await database.db
      .selectFrom('records')
      .select(['author', 'publisher'])
      .where('source_id', '=', 'sj-1')
      .executeTakeFirst();
    expect(record).toEqual({ author: '髙橋 一', publisher: '㈱テスト出版' });
  });
});
