/**
 * A library unlike the defaults in every setting the pages, imports and
 * database touch: 10-digit cards, other places (no `main`), lower limits,
 * other periods and closed days, another time zone, its own name and mail domain. Shared by the
 * suites that boot the app or load the demo under it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config.ts';

export const ownSettings = {
  libraryName: { ja: 'ひかり町立図書館', en: 'Hikari Town Library' },
  // Still 30 November there when the tests' clock says 1 December 10:00 in Tokyo: dates must follow this zone.
  timeZone: 'America/Los_Angeles',
  cardNumberPattern: '^2\\d{9}$',
  cardNumberFormat: { ja: '2から始まる10桁の数字', en: '10 digits starting with 2' },
  cardNumberExample: '2000000001',
  mailDomain: 'hikari-town-library.jp',
  password: { minLength: 6, maxLength: 16, characters: 'A-Za-z0-9' },
  holdLimits: { book: 3, av: 1, total: 3 },
  patronCategories: [
    { code: 'chomin', name: { ja: '町民', en: 'Town residents' } },
    { code: 'kouiki', name: { ja: '広域利用', en: 'Neighbouring towns' }, loanLimits: { total: 5 }, loanDays: 14, maxRenewals: 0 },
  ],
  loanDays: 21,
  renewalDays: 10,
  maxRenewals: 2,
  holdShelfDays: 9,
  weeklyClosedDays: [3],
  closedOnNationalHolidays: false,
  holidayOnClosedDay: 'openNextWeekdayClosed',
  pickupPlaces: [
    { code: 'honkan', name: { ja: 'ひかり町立図書館 本館', en: 'Main Library' }, kind: 'library' },
    { code: 'kita', name: { ja: '北分室', en: 'North Room' }, kind: 'library' },
    { code: 'bm-eki', name: { ja: 'BM 駅前広場', en: 'BM Station Square' }, kind: 'bookmobile' },
    { code: 'bm-koen', name: { ja: 'BM 中央公園', en: 'BM Central Park' }, kind: 'bookmobile' },
  ],
};

/** The Config `npm start` would build with LIBRARY_CONFIG naming a file of these settings (tests' own data folder, no worker). */
export function ownSettingsConfig(): Config {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'own-settings-')), 'library.json');
  writeFileSync(file, JSON.stringify(ownSettings));
  return loadConfig({ LIBRARY_CONFIG: file, DATA_DIR: '/nonexistent-test-data', WORKER: '0' });
}
