import { describe, expect, it } from 'vitest';
import {
  buildSearchText,
  COUNT_LIMIT,
  type CopyState,
  isOwnGram,
  MAX_QUERY_LENGTH,
  normalizeForSearch,
  parseQuery,
  parseSearchParams,
  reservability,
  type ReservableInput,
  type SearchTerm,
  surelyMoreThanCountLimit,
  toIsbn13,
} from '../../src/catalog/catalog.rules.ts';

describe('normalizeForSearch', () => {
  it.each([
    ['ワガハイ', 'わがはい'],
    ['ｶﾞｯｺｳ', 'がつこう'],
    ['ヴァイオリン', 'ゔあいおりん'],
    ['コンピューター', 'こんぴゆた'],
    ['コンピュータ', 'こんぴゆた'],
    ['ＡＢＣ　ｄｅｆ', 'abcdef'],
    ['ノイマンの夢・近代の欲望', 'のいまんの夢近代の欲望'],
    ['「心」、こころ。', '心こころ'],
    ['ヶ月', 'け月'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });
});

describe('buildSearchText', () => {
  it('puts the title zone first and keeps separators out of the content', () => {
    const text = buildSearchText({
      title: '吾輩は猫である',
      titleKana: 'わがはい は ねこ で ある',
      author: '夏目 漱石',
      authorKana: 'なつめ そうせき',
      publisher: '岩波書店',
      subject: '',
      series: '岩波文庫',
      seriesKana: '',
    });
    expect(text).toBe('吾輩は猫である わがはいはねこである|夏目漱石 なつめそうせき 岩波書店 岩波文庫');
  });
});

describe('toIsbn13', () => {
  it.each([
    ['4-00-430416-4', '9784004304166'],
    ['978-4-00-430416-6', '9784004304166'],
    ['９７８４００４３０４１６６', '9784004304166'],
    ['4-00-430416-5', null],
    ['hello', null],
  ])('%s → %s', (input, expected) => {
    expect(toIsbn13(input)).toBe(expected);
  });
});

describe('parseQuery', () => {
  it('treats blank input as empty and refuses an over-long one', () => {
    expect(parseQuery('   ')).toEqual({ kind: 'empty' });
    expect(parseQuery('・、')).toEqual({ kind: 'empty' });
    expect(parseQuery('あ'.repeat(1000))).toEqual({ kind: 'tooLong', length: 1000 });
    expect(parseQuery('あ'.repeat(MAX_QUERY_LENGTH)).kind).toBe('terms');
  });

  it('uses short terms as index keys and bigrams for long ones', () => {
    expect(parseQuery('心')).toEqual({ kind: 'terms', terms: [{ kind: 'text', text: '心', grams: ['心'] }] });
    expect(parseQuery('ネコ')).toEqual({ kind: 'terms', terms: [{ kind: 'text', text: 'ねこ', grams: ['ねこ'] }] });
    expect(parseQuery('わがはい')).toEqual({ kind: 'terms', terms: [{ kind: 'text', text: 'わがはい', grams: ['わが', 'がは', 'はい'] }] });
  });

  it('recognises ISBNs, splits on spaces and drops repeats', () => {
    expect(parseQuery('4-00-430416-4　夏目 夏目')).toEqual({
      kind: 'terms',
      terms: [
        { kind: 'isbn', isbn13: '9784004304166' },
        { kind: 'text', text: '夏目', grams: ['夏目'] },
      ],
    });
  });
});

describe('what the kept counts prove of a search', () => {
  const termsOf = (q: string): SearchTerm[] => {
    const parsed = parseQuery(q);
    return parsed.kind === 'terms' ? parsed.terms : [];
  };

  it('takes only a term of one or two characters as its own gram', () => {
    expect(termsOf('の と ねこ').every(isOwnGram)).toBe(true);
    // 「あああ」 has the one bigram 「ああ」, but a record holding 「ああ」 need not hold 「あああ」.
    expect(termsOf('わがはい あああ 9784004304166').map(isOwnGram)).toEqual([false, false, false]);
  });

  it('proves more than COUNT_LIMIT only when the terms cannot all miss that many records', () => {
    // 「と」 and 「の」 of the load benchmark's 1,000,000 records share at least 56,343.
    expect(surelyMoreThanCountLimit([463_520, 592_823], 1_000_000)).toBe(true);
    expect(surelyMoreThanCountLimit([300_000, 300_000], 1_000_000)).toBe(false);
    expect(surelyMoreThanCountLimit([COUNT_LIMIT + 1], 2_000_000)).toBe(true);
    expect(surelyMoreThanCountLimit([COUNT_LIMIT], COUNT_LIMIT)).toBe(false);
    // Three terms over 20,000 records: 19,000 × 3 − 2 × 20,000 = 17,000 at least; 16,000 × 3 − 40,000 = 8,000 is not enough.
    expect(surelyMoreThanCountLimit([19_000, 19_000, 19_000], 20_000)).toBe(true);
    expect(surelyMoreThanCountLimit([16_000, 16_000, 16_000], 20_000)).toBe(false);
    expect(surelyMoreThanCountLimit([15_001, 15_000], 20_000)).toBe(true);
    expect(surelyMoreThanCountLimit([15_000, 15_000], 20_000)).toBe(false);
  });
});

describe('parseSearchParams', () => {
  it('falls back to defaults for unknown values', () => {
    expect(parseSearchParams({ q: 'x', type: 'film', sort: 'random', page: '-3', available: 'yes' })).toEqual({
      q: 'x',
      type: null,
      available: false,
      sort: 'relevance',
      page: 1,
    });
    expect(parseSearchParams({ type: 'av', sort: 'newest', page: '3', available: '1' })).toMatchObject({
      type: 'av',
      sort: 'newest',
      page: 3,
      available: true,
    });
  });
});

describe('reservability (SPEC §3)', () => {
  const copy = (status: CopyState['status'], referenceOnly = false): CopyState => ({ status, referenceOnly });
  const book = (copies: CopyState[], patron: ReservableInput['patron'] = null): ReservableInput => ({
    material: 'book',
    latestIssue: false,
    copies,
    patron,
  });
  const no = (reason: string) => ({ reservable: false, reason });
  const yes = { reservable: true };

  it.each<[string, ReservableInput, object]>([
    ['a copy on the shelf', book([copy('on_shelf')]), no('onShelf')],
    ['one on loan, one on the shelf', book([copy('on_loan'), copy('on_shelf')]), no('onShelf')],
    ['every copy on loan', book([copy('on_loan'), copy('on_loan')]), yes],
    ['in transit', book([copy('in_transit')]), yes],
    ['on the hold shelf', book([copy('on_hold_shelf')]), yes],
    ['on loan, plus a lost copy', book([copy('on_loan'), copy('lost')]), yes],
    ['on loan, plus a withdrawn copy', book([copy('on_loan'), copy('withdrawn')]), yes],
    ['on loan, plus a reference-only copy on the shelf', book([copy('on_loan'), copy('on_shelf', true)]), yes],
    ['only a reference-only copy', book([copy('on_shelf', true)]), no('noLoanableCopy')],
    ['only lost and withdrawn copies', book([copy('lost'), copy('withdrawn')]), no('noLoanableCopy')],
    ['no copies at all', book([]), no('noLoanableCopy')],
    [
      'the latest magazine issue on the shelf',
      { material: 'magazine', latestIssue: true, copies: [copy('on_shelf', true)], patron: null },
      yes,
    ],
    [
      'an older magazine issue on the shelf',
      { material: 'magazine', latestIssue: false, copies: [copy('on_shelf')], patron: null },
      no('onShelf'),
    ],
    ['an older magazine issue on loan', { material: 'magazine', latestIssue: false, copies: [copy('on_loan')], patron: null }, yes],
    ['all on loan, the patron already holds it', book([copy('on_loan')], { activeHold: true, openLoan: false }), no('alreadyHeld')],
    ['all on loan, the patron has it on loan', book([copy('on_loan')], { activeHold: false, openLoan: true }), no('onLoanToPatron')],
    [
      'latest issue, the patron already holds it',
      { material: 'magazine', latestIssue: true, copies: [], patron: { activeHold: true, openLoan: false } },
      no('alreadyHeld'),
    ],
    ['all on loan, a signed-in patron with no relation', book([copy('on_loan')], { activeHold: false, openLoan: false }), yes],
    ['audiovisual, every copy on loan', { material: 'av', latestIssue: false, copies: [copy('on_loan')], patron: null }, yes],
  ])('%s', (_case, input, expected) => {
    expect(reservability(input)).toEqual(expected);
  });
});
