/**
 * Environment → one typed, validated Config. A wrong value stops the start
 * with one line naming the variable (or the LIBRARY_CONFIG field), because an
 * operator reading a log should not have to guess which setting was wrong.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseConnectionString } from 'pg-connection-string';

export type Locale = 'ja' | 'en';
export type Localized = Record<Locale, string>;

export interface PickupPlace {
  /** Stable code stored on holds and copies, e.g. `main`, `bm-kita`. */
  code: string;
  name: Localized;
  /** `bookmobile` stations are the 「BM」 stops of the 移動図書館. */
  kind: 'library' | 'bookmobile';
}

/** The library's rules: SPEC defaults, overridable by LIBRARY_CONFIG. */
export interface LibraryRules {
  libraryName: Localized;
  timeZone: string;
  cardNumberPattern: string;
  password: { minLength: number; maxLength: number; characters: string };
  lockout: { threshold: number; minutes: number };
  /** Failed sign-ins one client address may make in the window before 429. */
  addressThrottle: { attempts: number; windowMinutes: number };
  session: { idleMinutes: number; absoluteHours: number };
  holdLimits: { book: number; av: number; total: number };
  loanDays: number;
  renewalDays: number;
  maxRenewals: number;
  holdShelfDays: number;
  /** 0 = Sunday … 6 = Saturday, as Date#getDay. */
  weeklyClosedDays: number[];
  closedOnNationalHolidays: boolean;
  testMailsPerDay: number;
  pickupPlaces: PickupPlace[];
}

export interface Config {
  port: number;
  host: string;
  baseUrl: string | undefined;
  secureCookies: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Milliseconds a statement may run before PostgreSQL cancels it. */
  databaseStatementTimeoutMs: number;
  /** Statements slower than this many milliseconds are logged with their duration (0: none). */
  slowQueryMs: number;
  /** Behind a load balancer: the client address is the last X-Forwarded-For entry, which the proxy wrote. */
  trustedProxy: boolean;
  /** Web processes `npm start` runs on one port (node:cluster); 1 serves from the main process. */
  webProcesses: number;
  smtpUrl: string | undefined;
  mailFrom: string;
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
  password: { minLength: 4, maxLength: 10, characters: 'A-Za-z0-9' },
  lockout: { threshold: 5, minutes: 30 },
  addressThrottle: { attempts: 30, windowMinutes: 15 },
  session: { idleMinutes: 30, absoluteHours: 12 },
  holdLimits: { book: 10, av: 1, total: 11 },
  loanDays: 14,
  renewalDays: 14,
  maxRenewals: 1,
  holdShelfDays: 7,
  weeklyClosedDays: [1],
  closedOnNationalHolidays: true,
  testMailsPerDay: 3,
  pickupPlaces: [
    { code: 'main', name: { ja: '中央図書館', en: 'Central Library' }, kind: 'library' },
    { code: 'minami', name: { ja: '南分館', en: 'South Branch' }, kind: 'library' },
    { code: 'bm-kita', name: { ja: 'BM 北公民館前', en: 'BM Kita Community Hall' }, kind: 'bookmobile' },
    { code: 'bm-sakura', name: { ja: 'BM さくら台団地', en: 'BM Sakuradai Estate' }, kind: 'bookmobile' },
    { code: 'bm-minato', name: { ja: 'BM みなと小学校', en: 'BM Minato Elementary School' }, kind: 'bookmobile' },
  ],
};

type Env = Record<string, string | undefined>;

/** Builds the Config from an environment; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const port = integerVar(env, 'PORT', 3000, 0, 65535);
  const host = nonEmpty(env, 'HOST') ?? '127.0.0.1';
  const baseUrl = urlVar(env, 'BASE_URL', ['http:', 'https:']);
  const databaseUrl = urlVar(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], driverProtocol);
  const smtpUrl = urlVar(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = nonEmpty(env, 'MAIL_FROM') ?? 'no-reply@library.example.jp';
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(mailFrom)) {
    throw new ConfigError(`MAIL_FROM must be a plain e-mail address such as no-reply@library.example.jp (got "${mailFrom}")`);
  }
  const nodeEnv = nonEmpty(env, 'NODE_ENV');
  return {
    port,
    host,
    baseUrl: baseUrl?.replace(/\/$/, ''),
    secureCookies: baseUrl?.startsWith('https:') ?? false,
    dataDir: path.resolve(nonEmpty(env, 'DATA_DIR') ?? './data'),
    databaseUrl,
    databasePoolSize: integerVar(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databaseStatementTimeoutMs: integerVar(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    slowQueryMs: integerVar(env, 'SLOW_QUERY_MS', 200, 0, 3_600_000),
    trustedProxy: flagVar(env, 'TRUSTED_PROXY', false),
    webProcesses: integerVar(env, 'WEB_PROCESSES', 1, 1, 64),
    smtpUrl,
    mailFrom,
    production: nodeEnv === 'production',
    loadDemo: flagVar(env, 'DEMO', true),
    runWorker: flagVar(env, 'WORKER', true),
    rules: loadRules(nonEmpty(env, 'LIBRARY_CONFIG')),
  };
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

/** Checks every rule's type and range so a typo in the JSON fails at start, not mid-checkout. */
export function validateRules(candidate: unknown): LibraryRules {
  const r = candidate as LibraryRules;
  const fail = (field: string, expected: string): never => {
    throw new ConfigError(`LIBRARY_CONFIG: ${field} must be ${expected}`);
  };
  const whole = (field: string, value: unknown, min: number, max: number) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(field, `a whole number from ${min} to ${max}`);
    }
  };
  const localized = (field: string, value: unknown) => {
    if (!isPlainObject(value) || typeof value.ja !== 'string' || !value.ja || typeof value.en !== 'string' || !value.en) {
      fail(field, 'an object with non-empty "ja" and "en" strings');
    }
  };
  localized('libraryName', r.libraryName);
  try {
    new Intl.DateTimeFormat('en', { timeZone: r.timeZone });
  } catch {
    fail('timeZone', 'an IANA time zone such as "Asia/Tokyo"');
  }
  try {
    new RegExp(r.cardNumberPattern);
  } catch {
    fail('cardNumberPattern', 'a valid regular expression');
  }
  whole('password.minLength', r.password?.minLength, 1, 128);
  whole('password.maxLength', r.password?.maxLength, r.password.minLength, 128);
  if (typeof r.password.characters !== 'string' || !/^[A-Za-z0-9\-!#$%&*+.?@_]+$/.test(r.password.characters)) {
    fail('password.characters', 'a character-class body such as "A-Za-z0-9"');
  }
  whole('lockout.threshold', r.lockout?.threshold, 1, 100);
  whole('lockout.minutes', r.lockout?.minutes, 1, 7 * 24 * 60);
  whole('addressThrottle.attempts', r.addressThrottle?.attempts, 1, 100000);
  whole('addressThrottle.windowMinutes', r.addressThrottle?.windowMinutes, 1, 24 * 60);
  whole('session.idleMinutes', r.session?.idleMinutes, 1, 24 * 60);
  whole('session.absoluteHours', r.session?.absoluteHours, 1, 24 * 30);
  whole('holdLimits.book', r.holdLimits?.book, 0, 1000);
  whole('holdLimits.av', r.holdLimits?.av, 0, 1000);
  whole('holdLimits.total', r.holdLimits?.total, 0, 2000);
  whole('loanDays', r.loanDays, 1, 365);
  whole('renewalDays', r.renewalDays, 1, 365);
  whole('maxRenewals', r.maxRenewals, 0, 100);
  whole('holdShelfDays', r.holdShelfDays, 1, 90);
  whole('testMailsPerDay', r.testMailsPerDay, 0, 100);
  if (!Array.isArray(r.weeklyClosedDays) || r.weeklyClosedDays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    fail('weeklyClosedDays', 'a list of weekdays from 0 (Sunday) to 6 (Saturday)');
  }
  if (r.weeklyClosedDays.length === 7) fail('weeklyClosedDays', 'leave at least one open weekday');
  if (typeof r.closedOnNationalHolidays !== 'boolean') fail('closedOnNationalHolidays', 'true or false');
  if (!Array.isArray(r.pickupPlaces) || r.pickupPlaces.length === 0) fail('pickupPlaces', 'a non-empty list');
  const codes = new Set<string>();
  r.pickupPlaces.forEach((place, i) => {
    const field = `pickupPlaces[${i}]`;
    if (!isPlainObject(place) || typeof place.code !== 'string' || !/^[a-z0-9-]{1,32}$/.test(place.code)) {
      fail(`${field}.code`, '1 to 32 lower-case letters, digits or hyphens');
    }
    if (codes.has(place.code)) fail(`${field}.code`, `unique ("${place.code}" appears twice)`);
    codes.add(place.code);
    localized(`${field}.name`, place.name);
    if (place.kind !== 'library' && place.kind !== 'bookmobile') fail(`${field}.kind`, '"library" or "bookmobile"');
    if (place.kind === 'bookmobile' && !place.name.ja.startsWith('BM'))
      fail(`${field}.name.ja`, 'a name beginning with 「BM」 for a bookmobile station');
  });
  if (!r.pickupPlaces.some((p) => p.kind === 'library')) fail('pickupPlaces', 'a list with at least one library counter');
  return r;
}
