/** The example configuration in the repository, and the settings that keep pages, mail and the pattern in agreement (SPEC §11). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { libraryTranslators } from '../../src/i18n/index.ts';
import { cardInputMode } from '../../src/patrons/patron.rules.ts';

const example = path.resolve('config/chikushino.example.json');

function rulesFile(settings: object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'library-settings-')), 'library.json');
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

const tenDigits = {
  cardNumberPattern: '^2\\d{9}$',
  cardNumberFormat: { ja: '2から始まる10桁の数字', en: '10 digits starting with 2' },
  cardNumberExample: '2000000001',
};

describe('the example configuration for 筑紫野市民図書館', () => {
  it('parses, and names the library, its mail domain, its main library and 「BM」 stations', () => {
    const config = loadConfig({ LIBRARY_CONFIG: example });
    expect(config.rules.libraryName.ja).toBe('筑紫野市民図書館');
    expect(config.mailDomain).toBe('chikushino-city-library.jp');
    expect(config.mailFrom).toBe('no-reply@chikushino-city-library.jp');
    const places = config.rules.pickupPlaces;
    expect(places[0]).toMatchObject({ kind: 'library' });
    expect(places.filter((p) => p.kind === 'bookmobile').length).toBeGreaterThanOrEqual(3);
    expect(config.rules.holdLimits).toEqual({ book: 10, av: 1, total: 11 });
  });

  it('takes a MAIL_FROM at the mail domain or a subdomain, and refuses one elsewhere', () => {
    expect(loadConfig({ LIBRARY_CONFIG: example, MAIL_FROM: 'info@mail.chikushino-city-library.jp' }).mailDomain).toBe(
      'chikushino-city-library.jp',
    );
    expect(() => loadConfig({ LIBRARY_CONFIG: example, MAIL_FROM: 'no-reply@library.example.jp' })).toThrow(
      /^MAIL_FROM must be an address at LIBRARY_CONFIG mailDomain "chikushino-city-library.jp"/,
    );
  });
});

describe('card-number settings', () => {
  it('describe the configured pattern in every message that names the format', () => {
    const { rules } = loadConfig({ LIBRARY_CONFIG: rulesFile(tenDigits) });
    const t = libraryTranslators(rules);
    expect(t.ja('card.format')).toBe('利用カードの番号は、2から始まる10桁の数字で入力してください（例: 2000000001）。');
    expect(t.ja('login.cardNumberHint')).toBe('2から始まる10桁の数字です（例: 2000000001）。');
    expect(t.en('desk.card.format')).toBe('A card number is 10 digits starting with 2.');
  });

  it('ask phones for a numeric keypad only when the cards are digits only', () => {
    expect(cardInputMode('2000000001')).toBe('numeric');
    expect(cardInputMode('L123456789')).toBe('text');
  });

  it('refuse a pattern changed without its example, so the hints never contradict it', () => {
    expect(() => loadConfig({ LIBRARY_CONFIG: rulesFile({ cardNumberPattern: '^2\\d{9}$' }) })).toThrow(
      /^LIBRARY_CONFIG: cardNumberExample must be a card number .* that cardNumberPattern accepts/,
    );
  });

  it.each([
    [{ cardNumberExample: '0123 4567', cardNumberPattern: '^0\\d{3} \\d{4}$' }, /^LIBRARY_CONFIG: cardNumberExample must be/],
    [{ mailDomain: 'Library.Example.JP' }, /^LIBRARY_CONFIG: mailDomain must be a domain name in lower case/],
    [{ mailDomain: '@library.example.jp' }, /^LIBRARY_CONFIG: mailDomain must be/],
  ])('refuse %j', (settings, message) => {
    expect(() => loadConfig({ LIBRARY_CONFIG: rulesFile(settings) })).toThrow(message);
  });
});
