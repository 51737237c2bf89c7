/**
 * Environment → one typed, validated Config. A wrong value stops the start
 * with one line naming the variable (or the LIBRARY_CONFIG field), because an
 * operator reading a log should not have to guess which setting was wrong.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { parse as parseConnectionString } from 'pg-connection-string';
import { type PushSettings, readPushSettings } from './push/push.config.ts';

export type Locale = 'ja' | 'en';
export type Localized = Record<Locale, string>;

/** A pickup place's or patron category's `code`: stable, stored on holds, copies and patrons, e.g. `main`, `bm-kita`, `kouiki`. */
const storedCode = v.pipe(
  v.string('1 to 32 lower-case letters, digits or hyphens'),
  v.regex(/^[a-z0-9-]{1,32}$/, '1 to 32 lower-case letters, digits or hyphens'),
);

const localized = v.object(
  {
    ja: v.pipe(v.string('a non-empty string'), v.nonEmpty('a non-empty string')),
    en: v.pipe(v.string('a non-empty string'), v.nonEmpty('a non-empty string')),
  },
  'an object with non-empty "ja" and "en" strings',
);

const pickupPlace = v.pipe(
  v.object(
    {
      code: storedCode,
      name: localized,
      /** `bookmobile` stations are the 「BM」 stops of the 移動図書館. */
      kind: v.picklist(['library', 'bookmobile'], '"library" or "bookmobile"'),
    },
    'an object with "code", "name" and "kind"',
  ),
  v.forward(
    v.check(
      (place) => place.kind !== 'bookmobile' || place.name.ja.startsWith('BM'),
      'a name beginning with 「BM」 for a bookmobile station',
    ),
    ['name', 'ja'],
  ),
);

export type PickupPlace = v.InferOutput<typeof pickupPlace>;

function wholeNumber(min: number, max: number, expected = `a whole number from ${min} to ${max}`) {
  return v.pipe(v.number(expected), v.integer(expected), v.minValue(min, expected), v.maxValue(max, expected));
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const CARD_NUMBER_EXAMPLE = 'a card number of printable ASCII without spaces, such as "01234567",';
const MAIL_DOMAIN = 'a domain name in lower case such as "library.example.jp", or null';

/** Each code in a list appears once: holds, copies and patrons name their place or category by it. */
function uniqueCodes<T extends { code: string }>() {
  return v.rawCheck<T[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const items = dataset.value;
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.code)) {
        addIssue({
          message: `unique ("${item.code}" appears twice)`,
          path: [
            { type: 'array', origin: 'value', input: items, key: index, value: item },
            { type: 'object', origin: 'value', input: item, key: 'code', value: item.code },
          ],
        });
      }
      seen.add(item.code);
    });
  });
}

const holdLimits = {
  book: wholeNumber(0, 1000),
  av: wholeNumber(0, 1000),
  total: wholeNumber(0, 2000),
};

const loanLimits = {
  total: wholeNumber(1, 1000),
  av: wholeNumber(0, 1000),
  overdueDays: wholeNumber(0, 365),
};

/**
 * A patron category (利用者区分: 市内在住・在勤・在学, 広域利用 …): its code is
 * stored on the patron; each limit or period it names replaces the library's
 * for its patrons, and what it leaves out stays the library's. Strict, so a
 * misspelt limit fails at start instead of silently not applying.
 */
const patronCategory = v.strictObject(
  {
    code: storedCode,
    name: localized,
    holdLimits: v.optional(v.strictObject(v.partial(v.object(holdLimits)).entries, 'an object of hold limits')),
    loanLimits: v.optional(v.strictObject(v.partial(v.object(loanLimits)).entries, 'an object of loan limits')),
    loanDays: v.optional(wholeNumber(1, 365)),
    renewalDays: v.optional(wholeNumber(1, 365)),
    maxRenewals: v.optional(wholeNumber(0, 100)),
  },
  'an object with "code", "name" and any of "holdLimits", "loanLimits", "loanDays", "renewalDays", "maxRenewals"',
);

export type PatronCategory = v.InferOutput<typeof patronCategory>;

/**
 * The library's rules, type and check in one: every type and range, so a
 * typo in the JSON fails at start, not mid-checkout. Each message is what the
 * setting must be, read after its name.
 */
const libraryRules = v.pipe(
  v.object(
    {
      libraryName: localized,
      timeZone: v.pipe(v.string('an IANA time zone such as "Asia/Tokyo"'), v.check(isTimeZone, 'an IANA time zone such as "Asia/Tokyo"')),
      cardNumberPattern: v.pipe(v.string('a valid regular expression'), v.check(isRegExp, 'a valid regular expression')),
      /** How the pages describe a card number, read after 「利用カードの番号は」 / "Enter the card number as". */
      cardNumberFormat: localized,
      /** A card number the pages show as an example; it must match cardNumberPattern. */
      cardNumberExample: v.pipe(
        v.string(CARD_NUMBER_EXAMPLE),
        // What the patrons table holds once input is normalised (migration 20261205_0002).
        v.regex(/^[!-~]{1,64}$/, CARD_NUMBER_EXAMPLE),
      ),
      /** The domain patrons allow in their phone's mail filter; null: the domain of MAIL_FROM. */
      mailDomain: v.nullable(
        v.pipe(
          v.string(MAIL_DOMAIN),
          v.regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, MAIL_DOMAIN),
        ),
      ),
      password: v.pipe(
        v.object(
          {
            minLength: wholeNumber(1, 128),
            maxLength: wholeNumber(1, 128),
            characters: v.pipe(
              v.string('a character-class body such as "A-Za-z0-9"'),
              v.regex(/^[A-Za-z0-9\-!#$%&*+.?@_]+$/, 'a character-class body such as "A-Za-z0-9"'),
            ),
          },
          'an object of password settings',
        ),
        v.forward(
          v.check(
            (password) => password.maxLength >= password.minLength,
            (issue) => `a whole number from ${issue.input.minLength} to 128`,
          ),
          ['maxLength'],
        ),
      ),
      /** Consecutive failures that lock a card number, known or not, and for how long (staff usernames only back off: STAFF_BACKOFF). */
      lockout: v.object({ threshold: wholeNumber(1, 100), minutes: wholeNumber(1, 7 * 24 * 60) }, 'an object of lockout settings'),
      /** Failed sign-ins one client address may make in the window before 429. */
      addressThrottle: v.object(
        { attempts: wholeNumber(1, 100000), windowMinutes: wholeNumber(1, 24 * 60) },
        'an object of address throttle settings',
      ),
      session: v.object({ idleMinutes: wholeNumber(1, 24 * 60), absoluteHours: wholeNumber(1, 24 * 30) }, 'an object of session settings'),
      holdLimits: v.object(holdLimits, 'an object of hold limits'),
      /** At checkout: loans on hand in all and audiovisual, and the days an item may be overdue before borrowing stops (SPEC §10). */
      loanLimits: v.object(loanLimits, 'an object of loan limits'),
      loanDays: wholeNumber(1, 365),
      renewalDays: wholeNumber(1, 365),
      maxRenewals: wholeNumber(0, 100),
      holdShelfDays: wholeNumber(1, 90),
      /** 0 = Sunday … 6 = Saturday, as Date#getDay. */
      weeklyClosedDays: v.pipe(
        v.array(wholeNumber(0, 6, 'a weekday from 0 (Sunday) to 6 (Saturday)'), 'a list of weekdays from 0 (Sunday) to 6 (Saturday)'),
        v.maxLength(6, 'leave at least one open weekday'),
      ),
      closedOnNationalHolidays: v.boolean('true or false'),
      /** With holidays open: a weekly closed day on a holiday stays closed, or opens and the next weekday closes (祝日開館・翌平日休館). */
      holidayOnClosedDay: v.picklist(['closed', 'openNextWeekdayClosed'], '"closed" or "openNextWeekdayClosed"'),
      /** A floating collection: a copy returned at another place with no hold to fill stays there instead of going home. */
      floatingCollection: v.boolean('true (copies stay where they are returned) or false (they go back to their home place)'),
      testMailsPerDay: wholeNumber(0, 100),
      /** The account page suggests a new password once the current one is this many days old (0: never); it never blocks. */
      passwordReminderDays: wholeNumber(0, 3650),
      /** Days after which finished holds lose their patron, sent mail is deleted, and other audit entries drop the patron (SPEC §12). */
      retention: v.object(
        { finishedHoldDays: wholeNumber(1, 3650), sentMailDays: wholeNumber(1, 3650), auditDays: wholeNumber(1, 3650) },
        'an object of retention periods in days',
      ),
      /** 「返却期限のお知らせ」 and the overdue notices (SPEC §13). */
      reminders: v.object(
        {
          /** Days before a due date the reminder goes out (0: on the due date). */
          dueSoonDays: wholeNumber(0, 30),
          /** Days between overdue notices; the first goes out the day after the due date. */
          overdueEveryDays: wholeNumber(1, 90),
          /** Overdue notices per loan and due date at most (0: none). */
          overdueNotices: wholeNumber(0, 20),
        },
        'an object of reminder settings',
      ),
      /**
       * The card on the phone (/account/card): NW-7 (Codabar), what Japanese library cards print, with its
       * start and stop character; or Code 128 for a library whose scanners read that.
       */
      cardBarcode: v.object(
        {
          symbology: v.picklist(['nw7', 'code128'], '"nw7" or "code128"'),
          nw7StartStop: v.picklist(['A', 'B', 'C', 'D'], 'one of "A", "B", "C", "D"'),
        },
        'an object of card barcode settings',
      ),
      /** Soft bounces (4.x.x) in a row, with no mail delivered in between, that flag an address as undeliverable. */
      softBouncesToFlag: wholeNumber(1, 100),
      pickupPlaces: v.pipe(
        v.array(pickupPlace, 'a non-empty list'),
        v.nonEmpty('a non-empty list'),
        uniqueCodes<PickupPlace>(),
        v.check((places) => places.some((p) => p.kind === 'library'), 'a list with at least one library counter'),
      ),
      /** Patron categories with their own limits and periods; none: every patron has the library's. */
      patronCategories: v.pipe(v.array(patronCategory, 'a list of patron categories'), uniqueCodes<PatronCategory>()),
    },
    'an object of settings',
  ),
  v.forward(
    v.check(
      (rules) => new RegExp(rules.cardNumberPattern).test(rules.cardNumberExample),
      `${CARD_NUMBER_EXAMPLE} that cardNumberPattern accepts (change cardNumberFormat with them)`,
    ),
    ['cardNumberExample'],
  ),
);

/** The library's rules: SPEC defaults, overridable by LIBRARY_CONFIG. */
export type LibraryRules = v.InferOutput<typeof libraryRules>;

export interface Config {
  port: number;
  host: string;
  baseUrl: string | undefined;
  /** Where links in mail point: BASE_URL, or http://HOST:PORT in development; never a request's Host header, which anyone can forge. */
  siteUrl: string;
  secureCookies: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** A streaming replica the catalog's read-only pages read from (SPEC §15). */
  databaseReplicaUrl: string | undefined;
  /** Seconds the replica may be behind before those pages read from the primary. */
  replicaMaxLagSeconds: number;
  databasePoolSize: number;
  /** Milliseconds a statement may run before PostgreSQL cancels it. */
  databaseStatementTimeoutMs: number;
  /** DATABASE_TRANSACTION_POOLING: the server is reached through a pooler in transaction mode (PgBouncer). */
  databaseTransactionPooling: boolean;
  /** Statements slower than this many milliseconds are logged with their duration (0: none). */
  slowQueryMs: number;
  /** Behind a load balancer: the client address is the last X-Forwarded-For entry, which the proxy wrote. */
  trustedProxy: boolean;
  /** Web processes `npm start` runs on one port (node:cluster); 1 serves from the main process. */
  webProcesses: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The domain patrons allow in their phone's mail filter: LIBRARY_CONFIG mailDomain, or MAIL_FROM's domain. */
  mailDomain: string;
  /** BOUNCE_ADDRESS: the envelope sender, tagged per message (VERP) so a returned mail names its message; undefined: MAIL_FROM untagged. */
  bounceAddress: string | undefined;
  /** BOUNCE_IMAP_URL: a mailbox the worker polls for returned mail. */
  bounceImapUrl: string | undefined;
  /** Web Push: VAPID keys and subject, PUSH_ALLOW_HTTP (SPEC §14). */
  push: PushSettings;
  production: boolean;
  loadDemo: boolean;
  runWorker: boolean;
  rules: LibraryRules;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const defaultRules: LibraryRules = {
  libraryName: { ja: 'みなと市立図書館', en: 'Minato City Library' },
  timeZone: 'Asia/Tokyo',
  cardNumberPattern: '^0\\d{7}$',
  cardNumberFormat: { ja: '0から始まる8桁の数字', en: '8 digits starting with 0' },
  cardNumberExample: '01234567',
  mailDomain: null,
  password: { minLength: 4, maxLength: 10, characters: 'A-Za-z0-9' },
  lockout: { threshold: 5, minutes: 30 },
  addressThrottle: { attempts: 30, windowMinutes: 15 },
  session: { idleMinutes: 30, absoluteHours: 12 },
  holdLimits: { book: 10, av: 1, total: 11 },
  loanLimits: { total: 20, av: 10, overdueDays: 14 },
  loanDays: 14,
  renewalDays: 14,
  maxRenewals: 1,
  holdShelfDays: 7,
  weeklyClosedDays: [1],
  closedOnNationalHolidays: true,
  holidayOnClosedDay: 'closed',
  floatingCollection: false,
  testMailsPerDay: 3,
  passwordReminderDays: 365,
  retention: { finishedHoldDays: 30, sentMailDays: 30, auditDays: 90 },
  reminders: { dueSoonDays: 2, overdueEveryDays: 7, overdueNotices: 3 },
  cardBarcode: { symbology: 'nw7', nw7StartStop: 'A' },
  softBouncesToFlag: 3,
  pickupPlaces: [
    { code: 'main', name: { ja: '中央図書館', en: 'Central Library' }, kind: 'library' },
    { code: 'minami', name: { ja: '南分館', en: 'South Branch' }, kind: 'library' },
    { code: 'bm-kita', name: { ja: 'BM 北公民館前', en: 'BM Kita Community Hall' }, kind: 'bookmobile' },
    { code: 'bm-sakura', name: { ja: 'BM さくら台団地', en: 'BM Sakuradai Estate' }, kind: 'bookmobile' },
    { code: 'bm-minato', name: { ja: 'BM みなと小学校', en: 'BM Minato Elementary School' }, kind: 'bookmobile' },
  ],
  patronCategories: [],
};

type Env = Record<string, string | undefined>;

/** Builds the Config from an environment; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const port = integerVar(env, 'PORT', 3000, 0, 65535);
  const host = nonEmpty(env, 'HOST') ?? '127.0.0.1';
  const baseUrl = urlVar(env, 'BASE_URL', ['http:', 'https:']);
  const databaseUrl = urlVar(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], driverProtocol);
  const smtpUrl = urlVar(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const rules = loadRules(nonEmpty(env, 'LIBRARY_CONFIG'));
  const mailFrom = nonEmpty(env, 'MAIL_FROM') ?? `no-reply@${rules.mailDomain ?? 'library.example.jp'}`;
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be a plain e-mail address such as no-reply@library.example.jp (got "${mailFrom}")`);
  }
  const mailDomain = checkMailDomain(mailFrom, rules.mailDomain);
  const bounceAddress = nonEmpty(env, 'BOUNCE_ADDRESS');
  if (bounceAddress !== undefined && !/^[^\s@<>+]+@[^\s@<>]+\.[^\s@<>]+$/.test(bounceAddress)) {
    throw new ConfigError(
      `BOUNCE_ADDRESS must be a plain e-mail address without "+", such as bounce@library.example.jp (got "${bounceAddress}")`,
    );
  }
  const nodeEnv = nonEmpty(env, 'NODE_ENV');
  const production = nodeEnv === 'production';
  checkMailTransport(env, smtpUrl, production);
  if (production && baseUrl === undefined) {
    throw new ConfigError('BASE_URL is required with NODE_ENV=production: set the public address, e.g. https://library.example.jp');
  }
  const push = readPushSettings(env, { production, mailFrom });
  if (typeof push === 'string') throw new ConfigError(push);
  const publicUrl = baseUrl?.replace(/\/$/, '');
  const webProcesses = integerVar(env, 'WEB_PROCESSES', 1, 1, 64);
  return {
    port,
    host,
    baseUrl: publicUrl,
    siteUrl: publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    secureCookies: baseUrl?.startsWith('https:') ?? false,
    dataDir: path.resolve(nonEmpty(env, 'DATA_DIR') ?? './data'),
    databaseUrl,
    databaseReplicaUrl: replicaUrl(env, databaseUrl),
    replicaMaxLagSeconds: integerVar(env, 'DATABASE_REPLICA_MAX_LAG_SECONDS', 10, 0, 86_400),
    databasePoolSize: integerVar(env, 'DATABASE_POOL_SIZE', defaultPoolSize(webProcesses), 1, 200),
    databaseStatementTimeoutMs: integerVar(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    databaseTransactionPooling: flagVar(env, 'DATABASE_TRANSACTION_POOLING', false),
    slowQueryMs: integerVar(env, 'SLOW_QUERY_MS', 200, 0, 3_600_000),
    trustedProxy: flagVar(env, 'TRUSTED_PROXY', false),
    webProcesses,
    smtpUrl,
    mailFrom,
    mailDomain,
    bounceAddress,
    bounceImapUrl: urlVar(env, 'BOUNCE_IMAP_URL', ['imap:', 'imaps:']),
    push,
    production,
    // In production DEMO is not even read: no setting may bring the demo's patrons and staff account into a real library.
    loadDemo: !production && flagVar(env, 'DEMO', true),
    runWorker: flagVar(env, 'WORKER', true),
    rules,
  };
}

/**
 * Database connections a web process keeps when DATABASE_POOL_SIZE is not
 * set: twice this machine's cores plus one in all (PostgreSQL's own sizing
 * rule, for the usual library whose database runs beside the service),
 * shared among the web processes, and at least 2. More connections than
 * that do not add work done, they take it: on the load benchmark's 2-core
 * machine, with 2 web processes, 10 connections each made a search cost
 * PostgreSQL 12.6 to 15.2 ms of CPU under 50 concurrent searches and 3 each
 * made it 6.1 to 8.3 ms, so 60 to 90% more searches a second.
 */
export function defaultPoolSize(webProcesses: number, cores = availableParallelism()): number {
  return Math.max(2, Math.ceil((2 * cores + 1) / webProcesses));
}

/**
 * The domain the hints tell patrons to allow. Mail must come from it (or a
 * subdomain, which a phone's domain filter also lets through): a hint naming
 * one domain over mail sent from another would have patrons block the
 * library's mail while following its own advice.
 */
function checkMailDomain(mailFrom: string, configured: string | null): string {
  const fromDomain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();
  if (configured === null) return fromDomain;
  if (fromDomain !== configured && !fromDomain.endsWith(`.${configured}`)) {
    throw new ConfigError(
      `MAIL_FROM must be an address at LIBRARY_CONFIG mailDomain "${configured}" (got "${mailFrom}"): patrons are told to allow mail from @${configured}`,
    );
  }
  return configured;
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integerVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function flagVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(`${name} must be 1 or 0 (got "${raw}")`);
}

/**
 * MAIL_TRANSPORT says on purpose where mail goes: `smtp` (to SMTP_URL) or
 * `file` (.eml files under DATA_DIR). Production must name one, so a
 * forgotten SMTP_URL never leaves patrons' mail unsent in a folder.
 */
/** DATABASE_REPLICA_URL, which only makes sense beside a primary (the embedded database has no replicas). */
function replicaUrl(env: Env, databaseUrl: string | undefined): string | undefined {
  const url = urlVar(env, 'DATABASE_REPLICA_URL', ['postgres:', 'postgresql:'], driverProtocol);
  if (url !== undefined && databaseUrl === undefined)
    throw new ConfigError(
      'DATABASE_REPLICA_URL needs DATABASE_URL: a replica reads beside a PostgreSQL primary, not the embedded database',
    );
  return url;
}

function checkMailTransport(env: Env, smtpUrl: string | undefined, production: boolean): void {
  const transport = nonEmpty(env, 'MAIL_TRANSPORT');
  if (transport !== undefined && transport !== 'smtp' && transport !== 'file') {
    throw new ConfigError(`MAIL_TRANSPORT must be smtp or file (got "${transport}")`);
  }
  if (transport === 'smtp' && smtpUrl === undefined) {
    throw new ConfigError('MAIL_TRANSPORT=smtp needs SMTP_URL (smtp://… or smtps://…)');
  }
  if (transport === 'file' && smtpUrl !== undefined) {
    throw new ConfigError('MAIL_TRANSPORT=file keeps mail as .eml files, but SMTP_URL is set too: unset one of them');
  }
  if (production && smtpUrl === undefined && transport !== 'file') {
    throw new ConfigError(
      'NODE_ENV=production needs a mail transport: set SMTP_URL, or MAIL_TRANSPORT=file to keep mail as .eml files under DATA_DIR',
    );
  }
}

function urlVar(env: Env, name: string, protocols: string[], protocolOf = (raw: string) => new URL(raw).protocol): string | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  let protocol: string;
  try {
    protocol = protocolOf(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected ${protocols.join(' or ')}//…)`);
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}// (got ${protocol}//)`);
  }
  return raw;
}

/**
 * A database URL read by the driver's own parser: libpq's forms such as
 * `postgresql://app@/postgres?host=/run/postgresql` (a socket directory,
 * no host) are valid there though WHATWG URL refuses them.
 */
function driverProtocol(raw: string): string {
  const protocol = /^[a-z][a-z0-9+.-]*:(?=\/\/)/i.exec(raw)?.[0];
  if (protocol === undefined) throw new Error('no scheme');
  parseConnectionString(raw);
  return protocol.toLowerCase();
}

function loadRules(file: string | undefined): LibraryRules {
  if (file === undefined) return defaultRules;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`LIBRARY_CONFIG names a file that cannot be read: ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`LIBRARY_CONFIG (${file}) is not valid JSON: ${(error as Error).message}`);
  }
  return validateRules(mergeRules(defaultRules, parsed));
}

/** Overrides nested objects field by field; arrays and scalars are replaced whole. */
function mergeRules(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (!(key in base)) throw new ConfigError(`LIBRARY_CONFIG has an unknown setting "${key}"`);
    result[key] = mergeRules(base[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rules, checked; throws ConfigError naming the first setting that is wrong and what it must be. */
function validateRules(candidate: unknown): LibraryRules {
  const result = v.safeParse(libraryRules, candidate, { abortEarly: true });
  if (result.success) return result.output;
  const [issue] = result.issues;
  const setting = settingName(issue);
  // A strict object's stray key: the key is the mistake, not its value.
  if (issue.expected === 'never') throw new ConfigError(`LIBRARY_CONFIG has an unknown setting "${setting}"`);
  throw new ConfigError(setting ? `LIBRARY_CONFIG: ${setting} must be ${issue.message}` : `LIBRARY_CONFIG must be ${issue.message}`);
}

/** `pickupPlaces[0].code`: the setting's name as an operator writes it in the JSON. */
function settingName(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? [])
    .map((item, i) => (typeof item.key === 'number' ? `[${item.key}]` : `${i === 0 ? '' : '.'}${String(item.key)}`))
    .join('');
}
