import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultRules, loadConfig } from '../../src/config.ts';

const kouiki = { code: 'kouiki', name: { ja: '広域利用', en: 'Neighbouring towns' }, loanLimits: { total: 5 }, loanDays: 7 };

function rulesFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'library-config-')), 'library.json');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('has the SPEC defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
    expect(config.loadDemo).toBe(true);
    expect(config.secureCookies).toBe(false);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.rules).toEqual(defaultRules);
    expect(config.rules.holdLimits).toEqual({ book: 10, av: 1, total: 11 });
    expect(config.rules.lockout).toEqual({ threshold: 5, minutes: 30 });
    expect(config.rules.pickupPlaces.filter((p) => p.kind === 'bookmobile').every((p) => p.name.ja.startsWith('BM'))).toBe(true);
  });

  it('turns on secure cookies behind https', () => {
    expect(loadConfig({ BASE_URL: 'https://library.example.jp/' })).toMatchObject({
      secureCookies: true,
      baseUrl: 'https://library.example.jp',
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT must be a whole number from 0 to 65535/],
    [{ PORT: '３０００' }, /^PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres: or postgresql:/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'postgres://db:port/library' }, /^DATABASE_URL is not a valid URL/],
    [{ DATABASE_REPLICA_URL: 'postgresql://app@replica/library' }, /^DATABASE_REPLICA_URL needs DATABASE_URL/],
    [{ DATABASE_URL: 'postgresql://app@db/library', DATABASE_REPLICA_URL: 'mysql://x' }, /^DATABASE_REPLICA_URL must start with postgres:/],
    [{ DATABASE_URL: 'postgresql://app@db/library', DATABASE_REPLICA_MAX_LAG_SECONDS: '-1' }, /^DATABASE_REPLICA_MAX_LAG_SECONDS/],
    [{ SMTP_URL: 'http://mail' }, /^SMTP_URL must start with smtp: or smtps:/],
    [{ BASE_URL: 'ftp://x' }, /^BASE_URL/],
    [{ MAIL_FROM: 'nobody' }, /^MAIL_FROM must be a plain e-mail address/],
    [{ DEMO: 'yes' }, /^DEMO must be 1 or 0/],
    [{ MAIL_TRANSPORT: 'sendmail' }, /^MAIL_TRANSPORT must be smtp or file/],
    [{ MAIL_TRANSPORT: 'smtp' }, /^MAIL_TRANSPORT=smtp needs SMTP_URL/],
    [{ MAIL_TRANSPORT: 'file', SMTP_URL: 'smtp://mail.example.jp' }, /^MAIL_TRANSPORT=file .* unset one of them/],
    [{ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.jp' }, /^BASE_URL is required with NODE_ENV=production/],
    [{ NODE_ENV: 'production', BASE_URL: 'https://library.example.jp' }, /^NODE_ENV=production needs a mail transport: set SMTP_URL/],
    [{ LIBRARY_CONFIG: '/does/not/exist.json' }, /^LIBRARY_CONFIG names a file that cannot be read/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('builds links in mail from BASE_URL, or from HOST and PORT in development, never from a request', () => {
    expect(loadConfig({ BASE_URL: 'https://library.example.jp/' }).siteUrl).toBe('https://library.example.jp');
    expect(loadConfig({}).siteUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ HOST: '::1', PORT: '8080' }).siteUrl).toBe('http://[::1]:8080');
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', BASE_URL: 'https://library.example.jp' };

    it('starts with BASE_URL and SMTP_URL, and never loads the demo, DEMO=1 or not', () => {
      const config = loadConfig({ ...production, SMTP_URL: 'smtp://mail.example.jp', DEMO: '1' });
      expect(config).toMatchObject({ production: true, loadDemo: false, smtpUrl: 'smtp://mail.example.jp' });
      expect(loadConfig({ ...production, MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail.example.jp' }).loadDemo).toBe(false);
    });

    it('keeps mail as .eml files when MAIL_TRANSPORT=file says so on purpose', () => {
      const config = loadConfig({ ...production, MAIL_TRANSPORT: 'file' });
      expect(config).toMatchObject({ production: true, smtpUrl: undefined, siteUrl: 'https://library.example.jp' });
    });
  });

  it("takes DATABASE_URL in libpq's socket form, as the driver does", () => {
    const url = 'postgresql://app@/postgres?host=/run/postgresql&port=5432';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('reads patron categories, each with only the terms it changes', () => {
    const file = rulesFile(JSON.stringify({ patronCategories: [kouiki, { code: 'shinai', name: { ja: '市内', en: 'City' } }] }));
    expect(loadConfig({ LIBRARY_CONFIG: file }).rules.patronCategories).toEqual([
      kouiki,
      { code: 'shinai', name: { ja: '市内', en: 'City' } },
    ]);
  });

  it('overrides rules field by field from LIBRARY_CONFIG', () => {
    const file = rulesFile(JSON.stringify({ loanDays: 21, holdLimits: { av: 2 }, weeklyClosedDays: [1, 4], floatingCollection: true }));
    const { rules } = loadConfig({ LIBRARY_CONFIG: file });
    expect(rules.loanDays).toBe(21);
    expect(rules.floatingCollection).toBe(true);
    expect(defaultRules.floatingCollection).toBe(false);
    expect(rules.holdLimits).toEqual({ book: 10, av: 2, total: 11 });
    expect(rules.weeklyClosedDays).toEqual([1, 4]);
    expect(rules.lockout).toEqual(defaultRules.lockout);
  });

  it.each([
    ['{not json', /is not valid JSON/],
    [JSON.stringify({ loanDayz: 3 }), /unknown setting "loanDayz"/],
    [JSON.stringify({ loanDays: -1 }), /loanDays must be a whole number/],
    [JSON.stringify({ loanDays: '14' }), /loanDays must be a whole number/],
    [JSON.stringify({ timeZone: 'Mars/Olympus' }), /timeZone must be an IANA time zone/],
    [JSON.stringify({ weeklyClosedDays: [7] }), /weeklyClosedDays/],
    [JSON.stringify({ floatingCollection: 'yes' }), /floatingCollection must be true \(copies stay where they are returned\) or false/],
    [JSON.stringify({ pickupPlaces: [] }), /pickupPlaces must be a non-empty list/],
    [JSON.stringify({ pickupPlaces: [{ code: 'bm-x', name: { ja: '北', en: 'North' }, kind: 'bookmobile' }] }), /beginning with 「BM」/],
    [JSON.stringify({ pickupPlaces: [{ code: 'Main!', name: { ja: '本館', en: 'Main' }, kind: 'library' }] }), /pickupPlaces\[0\]\.code/],
    [JSON.stringify({ password: { minLength: 8, maxLength: 4 } }), /password.maxLength/],
    [JSON.stringify({ patronCategories: [kouiki, kouiki] }), /patronCategories\[1\]\.code must be unique \("kouiki" appears twice\)/],
    [JSON.stringify({ patronCategories: [{ ...kouiki, loanDay: 7 }] }), /unknown setting "patronCategories\[0\]\.loanDay"/],
    [
      JSON.stringify({ patronCategories: [{ ...kouiki, loanLimits: { totl: 2 } }] }),
      /unknown setting "patronCategories\[0\]\.loanLimits\.totl"/,
    ],
    [
      JSON.stringify({ patronCategories: [{ ...kouiki, loanDays: 0 }] }),
      /patronCategories\[0\]\.loanDays must be a whole number from 1 to 365/,
    ],
    [JSON.stringify({ patronCategories: [{ ...kouiki, code: '広域' }] }), /patronCategories\[0\]\.code/],
  ])('refuses a bad LIBRARY_CONFIG: %s', (content, message) => {
    expect(() => loadConfig({ LIBRARY_CONFIG: rulesFile(content) })).toThrow(message);
  });
});
