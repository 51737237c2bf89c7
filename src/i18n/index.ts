/**
 * The message catalogue: every user-facing string, Japanese first, merged
 * from each feature's own table. `t` is handed to templates.
 */
import type { LibraryRules, Locale } from '../config.ts';
import { accountMessages } from './account.messages.ts';
import { alertMessages } from './alerts.messages.ts';
import { auditMessages } from './audit.messages.ts';
import { authMessages } from './auth.messages.ts';
import { calendarFeedMessages } from './calendar-feed.messages.ts';
import { cardMessages } from './card.messages.ts';
import { calendarMessages } from './calendar.messages.ts';
import { bookmobileMessages } from './bookmobile.messages.ts';
import { cardStandingMessages } from './card-standing.messages.ts';
import { catalogMessages } from './catalog.messages.ts';
import { commonMessages } from './common.messages.ts';
import { copyDeskMessages } from './copy-desk.messages.ts';
import { favouriteMessages } from './favourites.messages.ts';
import { guideMessages } from './guide.messages.ts';
import { holdExtraMessages } from './hold-extras.messages.ts';
import { loanLimitMessages } from './loan-limits.messages.ts';
import { loanMessages } from './loans.messages.ts';
import { mailMessages } from './mail.messages.ts';
import { privacyMessages } from './privacy.messages.ts';
import { noticeMessages } from './notices.messages.ts';
import { patronDeskMessages } from './patron-desk.messages.ts';
import { pushMessages } from './push.messages.ts';
import { pwaMessages } from './pwa.messages.ts';
import { reservationMessages } from './reservations.messages.ts';
import { staffAccountMessages } from './staff-accounts.messages.ts';
import { staffMessages } from './staff.messages.ts';

const catalogues = [
  commonMessages,
  mailMessages,
  catalogMessages,
  authMessages,
  accountMessages,
  loanMessages,
  reservationMessages,
  cardStandingMessages,
  staffMessages,
  loanLimitMessages,
  patronDeskMessages,
  staffAccountMessages,
  copyDeskMessages,
  auditMessages,
  pwaMessages,
  guideMessages,
  privacyMessages,
  noticeMessages,
  holdExtraMessages,
  favouriteMessages,
  cardMessages,
  calendarFeedMessages,
  alertMessages,
  calendarMessages,
  bookmobileMessages,
  pushMessages,
];

type KeysOf<T> = T extends Record<Locale, Record<infer K, string>> ? K : never;
export type MessageKey = KeysOf<(typeof catalogues)[number]>;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const tables: Record<Locale, Record<string, string>> = {
  ja: Object.fromEntries(catalogues.flatMap((c) => Object.entries(c.ja))),
  en: Object.fromEntries(catalogues.flatMap((c) => Object.entries(c.en))),
};

/** The keys of each locale's table (a test compares them). */
export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(tables[locale]);
}

/**
 * Each message split once at its placeholders (text, name, text, …):
 * filling them by concatenation instead of a regular expression per call
 * matters on a page that writes a hundred messages.
 */
function splitAtPlaceholders(table: Record<string, string>): Map<string, string[]> {
  return new Map(Object.entries(table).map(([key, text]) => [key, text.split(/\{(\w+)\}/)]));
}

const splitTables: Record<Locale, Map<string, string[]>> = { ja: splitAtPlaceholders(tables.ja), en: splitAtPlaceholders(tables.en) };

function makeTranslator(locale: Locale, settings: MessageParams): Translate {
  const split = splitTables[locale];
  return (key, params = {}) => {
    const parts = split.get(key) ?? splitTables.ja.get(key);
    if (parts === undefined) return key;
    let filled = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i]!;
      const value = name in params ? params[name] : settings[name];
      filled += (value === undefined ? `{${name}}` : String(value)) + parts[i + 1]!;
    }
    return filled;
  };
}

const translators: Record<Locale, Translate> = { ja: makeTranslator('ja', {}), en: makeTranslator('en', {}) };

/** The translator of a locale; `{name}` placeholders are filled from params. */
export function translator(locale: Locale): Translate {
  return translators[locale];
}

/**
 * Translators whose messages also fill the library's own settings
 * (`{cardFormat}`, `{cardExample}`), so an error that knows only its key
 * still describes this library's card numbers.
 */
export function libraryTranslators(rules: Pick<LibraryRules, 'cardNumberFormat' | 'cardNumberExample'>): Record<Locale, Translate> {
  const settings = (locale: Locale) => ({ cardFormat: rules.cardNumberFormat[locale], cardExample: rules.cardNumberExample });
  return { ja: makeTranslator('ja', settings('ja')), en: makeTranslator('en', settings('en')) };
}

/** Picks the locale: the `lang` cookie first, then Accept-Language, then Japanese. */
export function chooseLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === 'ja' || cookie === 'en') return cookie;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((p) => p.tag && Number.isFinite(p.q) && p.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of preferred) {
    if (tag.startsWith('ja')) return 'ja';
    if (tag.startsWith('en')) return 'en';
  }
  return 'ja';
}
