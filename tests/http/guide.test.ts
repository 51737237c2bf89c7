/** 「Webサービスについて」 (/guide): the published rules are the enforced ones, whatever the settings say. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRules, type LibraryRules } from '../../src/config.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';

/** Every number of the guide other than the defaults, and other places. */
const otherRules: LibraryRules = {
  ...defaultRules,
  libraryName: { ja: '筑紫野市民図書館', en: 'Chikushino City Library' },
  cardNumberPattern: '^\\d{10}$',
  cardNumberFormat: { ja: '10桁の数字', en: '10 digits' },
  cardNumberExample: '2001000001',
  password: { minLength: 6, maxLength: 12, characters: 'A-Za-z0-9' },
  lockout: { threshold: 3, minutes: 45 },
  holdLimits: { book: 6, av: 2, total: 7 },
  loanDays: 21,
  renewalDays: 10,
  maxRenewals: 2,
  holdShelfDays: 9,
  testMailsPerDay: 5,
  weeklyClosedDays: [1, 4],
  closedOnNationalHolidays: false,
  holidayOnClosedDay: 'openNextWeekdayClosed',
  pickupPlaces: [
    { code: 'honkan', name: { ja: '本館', en: 'Main Library' }, kind: 'library' },
    { code: 'bm-futsukaichi', name: { ja: 'BM 二日市公民館', en: 'BM Futsukaichi Hall' }, kind: 'bookmobile' },
  ],
};

describe('the guide', () => {
  let defaults: TestContext;
  let other: TestContext;
  beforeAll(async () => {
    defaults = await createTestContext('pglite');
    other = await createTestContext('pglite', {
      rules: otherRules,
      mailFrom: 'no-reply@chikushino-city-library.jp',
      mailDomain: 'chikushino-city-library.jp',
    });
  });
  afterAll(async () => {
    await defaults.close();
    await other.close();
  });

  it('states the default rules with the labels the service shows', async () => {
    const { response, html } = await new TestClient(defaults.app).page('/guide');
    expect(response.status).toBe(200);
    expect(html).toContain('<h1>Webサービスについて</h1>');
    for (const text of [
      '図書10点・視聴覚資料1点、合わせて11点まで',
      '窓口で申し込んだ予約も含めて数えます',
      'お知らせした日から7日間',
      'パスワードを5回続けて間違えると、その利用カードは30分間ログインできなくなります',
      '4〜10文字の半角の英字と数字',
      '2015年7月29日',
      '貸出期間は14日間です',
      '1冊につき1回まで延長できます',
      '延長した日から14日後',
      '「@library.example.jp」',
      '24時間に3回まで',
      '「カートに入れる」を押します',
      '「予約カート」で「予約する」を押します',
      '「次に進む」を押します',
      '「予約を確定する」を押します',
      '「予約完了」で終わります',
      '「メール登録完了のお知らせ」',
      '中央図書館、南分館',
      'BM 北公民館前、BM さくら台団地、BM みなと小学校',
      '毎週月曜日',
      '国民の祝日・休日も休館します。',
    ]) {
      expect(html).toContain(text);
    }
    for (const link of ['href="/register"', 'href="/search"', 'href="/account"']) expect(html).toContain(link);
  });

  it('follows a library’s own settings, in both languages', async () => {
    const client = new TestClient(other.app);
    const ja = (await client.page('/guide')).html;
    for (const text of [
      '筑紫野市民図書館のWebサービス',
      '利用カードの番号: 10桁の数字です（例: 2001000001）。',
      '図書6点・視聴覚資料2点、合わせて7点まで',
      'お知らせした日から9日間',
      'パスワードを3回続けて間違えると、その利用カードは45分間ログインできなくなります',
      '6〜12文字',
      '貸出期間は21日間です',
      '1冊につき2回まで延長できます',
      '延長した日から10日後',
      '「@chikushino-city-library.jp」',
      '24時間に5回まで',
      '図書館のカウンター: 本館',
      'BM 二日市公民館',
      '毎週月曜日、木曜日',
      '国民の祝日・休日は開館します。休館日が祝日・休日にあたるときは開館し、その次の平日に休館します。',
    ]) {
      expect(ja).toContain(text);
    }
    expect(ja).not.toContain('中央図書館');
    await client.page('/language/en?next=/guide');
    const en = (await client.page('/guide')).html;
    expect(en).toContain('<h1>About the Web service</h1>');
    expect(en).toContain('up to 6 books and 2 audiovisual item(s) reserved, 7 in all');
    expect(en).toContain('for 9 days');
    expect(en).toContain('allow “@chikushino-city-library.jp”');
    expect(en).toContain('Library counters: Main Library');
    expect(en).toContain('When a weekly closed day is a national holiday, the library opens and closes on the next weekday instead.');
  });

  it('is linked from the home page, the header and the footer', async () => {
    const { html } = await new TestClient(defaults.app).page('/');
    expect(html.match(/href="\/guide"/g)).toHaveLength(3);
    expect(html).toContain('予約や利用照会には、利用カードの番号とパスワードが必要です。');
    expect(html).toContain('<a href="/register">パスワードをお持ちでない方・忘れた方は新規パスワード登録へ</a>');
    expect(html).toContain('<a href="/search">資料検索・予約</a>');
  });
});
