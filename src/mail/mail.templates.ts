/**
 * The mails the library sends: each template's data, and its plain-text
 * rendering in the patron's locale. Rendering happens when the mail is sent,
 * from the template name and data kept in the outbox, so a queued mail needs
 * nothing else.
 */
import type { Config, Locale } from '../config.ts';
import type { CalendarDate } from '../db/schema.ts';
import { formatCalendarDate, formatDateTime } from '../i18n/format.ts';
import { type MessageKey, translator } from '../i18n/index.ts';
import { isNewArrivalList, type NewArrivalsBlock, newArrivalLines } from '../alerts/alerts.mail.ts';
import { isListOf } from './outbox-data.ts';

/** Each template's data. */
export interface MailTemplates {
  /** 「Eメールアドレスの確認のお願い」, sent on saving: `url` opens /account/email/confirm with the token. */
  'email-confirmation': { url: string };
  /** 「メール登録完了のお知らせ」, sent when the confirmation link is opened. */
  'email-registered': Record<string, never>;
  /** 「予約資料のご用意ができました」: `place` is a pickup place code; `stop`, at a 「BM」 station, the van's stop that brings it. */
  'hold-ready': { title: string; place: string; deadline: CalendarDate; stop?: CalendarDate };
  /** 予約の有効期限: a pending hold cancelled because its need-by date passed. */
  'hold-need-by': { title: string; needBy: CalendarDate };
  'password-registered': Record<string, never>;
  'password-changed': Record<string, never>;
  /** 「ログインのロック解除のご案内」: `url` opens /login/unlock/:token; `until` is the lock's end (ISO 8601). */
  'sign-in-unlock': { url: string; until: string };
  test: Record<string, never>;
  /** 「返却期限のお知らせ」: the loans due on one day, listed in one mail. */
  'due-soon': { loans: RemindedLoan[] };
  /** 「返却期限を過ぎた資料があります」: the overdue loans a notice is due for today. */
  overdue: { loans: RemindedLoan[] };
  /** 「新着資料のお知らせ」: each due saved search with the records newly catalogued for it. */
  'new-arrivals': { alerts: NewArrivalsBlock[] };
  /** 「返却期限・取置期限変更のお知らせ」: dates a new closure moved to the next open day, and holds moved to a later bookmobile stop. */
  'dates-moved': { items: MovedDate[] };
}

/** One moved date: a loan's new due date or a ready hold's new pickup deadline (with its new bookmobile stop, null: none ahead). */
export interface MovedDate {
  kind: 'due' | 'pickup';
  title: string;
  date: CalendarDate;
  stop?: CalendarDate | null;
}

/** One loan in a reminder: its title and due date. */
export interface RemindedLoan {
  title: string;
  due: CalendarDate;
}

export type MailTemplate = keyof MailTemplates;

/** A template with its data, as callers queue it. */
export type MailContent = { [K in MailTemplate]: { template: K; data: MailTemplates[K] } }[MailTemplate];

export interface RenderedMail {
  subject: string;
  text: string;
}

/** What rendering needs from the configuration. */
export type MailSettings = Pick<Config, 'mailFrom' | 'mailDomain' | 'siteUrl' | 'bounceAddress'> & {
  rules: Pick<Config['rules'], 'libraryName' | 'pickupPlaces' | 'timeZone'>;
};

/** The data fields each template must have, all strings (checked when a mail is read back from the outbox). */
const requiredFields: { [K in MailTemplate]: (keyof MailTemplates[K])[] } = {
  'email-confirmation': ['url'],
  'email-registered': [],
  'hold-ready': ['title', 'place', 'deadline'],
  'hold-need-by': ['title', 'needBy'],
  'password-registered': [],
  'password-changed': [],
  'sign-in-unlock': ['url', 'until'],
  test: [],
  'due-soon': [],
  overdue: [],
  'new-arrivals': [],
  'dates-moved': [],
};

/** Templates whose `loans` must be a non-empty list of RemindedLoan. */
const loanListTemplates: ReadonlySet<MailTemplate> = new Set(['due-soon', 'overdue']);

function isMovedDateList(value: unknown): value is MovedDate[] {
  return isListOf<MovedDate>(
    value,
    (item) =>
      (item.kind === 'due' || item.kind === 'pickup') &&
      typeof item.title === 'string' &&
      typeof item.date === 'string' &&
      (item.stop === undefined || item.stop === null || typeof item.stop === 'string'),
  );
}

function isLoanList(value: unknown): value is RemindedLoan[] {
  return isListOf<RemindedLoan>(value, (item) => typeof item.title === 'string' && typeof item.due === 'string');
}

const messageKeys: { [K in MailTemplate]: { subject: MessageKey; body: MessageKey } } = {
  'email-confirmation': { subject: 'mail.emailConfirmation.subject', body: 'mail.emailConfirmation.body' },
  'email-registered': { subject: 'mail.emailRegistered.subject', body: 'mail.emailRegistered.body' },
  'hold-ready': { subject: 'mail.holdReady.subject', body: 'mail.holdReady.body' },
  'hold-need-by': { subject: 'mail.holdNeedBy.subject', body: 'mail.holdNeedBy.body' },
  'password-registered': { subject: 'mail.passwordRegistered.subject', body: 'mail.passwordRegistered.body' },
  'password-changed': { subject: 'mail.passwordChanged.subject', body: 'mail.passwordChanged.body' },
  'sign-in-unlock': { subject: 'mail.signInUnlock.subject', body: 'mail.signInUnlock.body' },
  test: { subject: 'mail.test.subject', body: 'mail.test.body' },
  'due-soon': { subject: 'mail.dueSoon.subject', body: 'mail.dueSoon.body' },
  overdue: { subject: 'mail.overdue.subject', body: 'mail.overdue.body' },
  'new-arrivals': { subject: 'mail.newArrivals.subject', body: 'mail.newArrivals.body' },
  'dates-moved': { subject: 'mail.datesMoved.subject', body: 'mail.datesMoved.body' },
};

function isTemplate(name: string): name is MailTemplate {
  return Object.hasOwn(requiredFields, name);
}

/**
 * The content of an outbox row, or null when the row names an unknown
 * template or lacks a field (a mail queued by an older or newer version),
 * which the worker fails instead of retrying forever.
 */
export function mailContentOf(template: string, data: Record<string, unknown>): MailContent | null {
  if (!isTemplate(template)) return null;
  const fields: string[] = requiredFields[template];
  if (!fields.every((field) => typeof data[field] === 'string')) return null;
  if (loanListTemplates.has(template) && !isLoanList(data.loans)) return null;
  if (template === 'new-arrivals' && !isNewArrivalList(data.alerts)) return null;
  if (template === 'dates-moved' && !isMovedDateList(data.items)) return null;
  if (template === 'hold-ready' && data.stop !== undefined && typeof data.stop !== 'string') return null;
  return { template, data } as MailContent;
}

/** The subject of a template in a locale (the account page names the last mail by it). */
export function mailSubject(template: MailTemplate, locale: Locale): string {
  return translator(locale)(messageKeys[template].subject);
}

/** Subject and plain text of a mail in the patron's locale. */
export function renderMail(content: MailContent, locale: Locale, settings: MailSettings): RenderedMail {
  const t = translator(locale);
  const library = settings.rules.libraryName[locale];
  const keys = messageKeys[content.template];
  const footer = [t('mail.footer', { library, domain: settings.mailDomain }), settings.siteUrl];
  const text = [t('mail.greeting', { library }), t(keys.body, bodyParams(content, locale, settings)), footer.join('\n')];
  return { subject: t(keys.subject), text: `${text.join('\n\n')}\n` };
}

function bodyParams(content: MailContent, locale: Locale, settings: MailSettings): Record<string, string> {
  switch (content.template) {
    case 'email-confirmation':
      return { url: content.data.url };
    case 'hold-ready': {
      const place = settings.rules.pickupPlaces.find((p) => p.code === content.data.place);
      return {
        title: content.data.title,
        place: place?.name[locale] ?? content.data.place,
        deadline: formatCalendarDate(content.data.deadline, locale),
        // The van's stop has its own line, above the deadline it may differ from; elsewhere the line is left out.
        stop: content.data.stop
          ? `${translator(locale)('mail.holdReady.stop', { date: formatCalendarDate(content.data.stop, locale) })}\n`
          : '',
      };
    }
    case 'hold-need-by':
      return { title: content.data.title, needBy: formatCalendarDate(content.data.needBy, locale) };
    case 'sign-in-unlock':
      return { url: content.data.url, until: formatDateTime(new Date(content.data.until), locale, settings.rules.timeZone) };
    case 'due-soon':
    case 'overdue':
      return { loans: loanLines(content.data.loans, locale) };
    case 'new-arrivals':
      return { alerts: newArrivalLines(content.data.alerts, locale), manage: `${settings.siteUrl}/account/alerts` };
    case 'dates-moved':
      return {
        // A bookmobile stop moves with the timetable as well as with a closure, so the reason is said more broadly then.
        reason: translator(locale)(
          content.data.items.some((item) => item.stop !== undefined) ? 'mail.datesMoved.reasonStops' : 'mail.datesMoved.reason',
        ),
        items: movedDateLines(content.data.items, locale),
      };
    default:
      return {};
  }
}

/** The reminder's list: one line per loan, title and due date. */
function loanLines(loans: RemindedLoan[], locale: Locale): string {
  const t = translator(locale);
  return loans.map((loan) => t('mail.reminderLine', { title: loan.title, due: formatCalendarDate(loan.due, locale) })).join('\n');
}

/** The moved dates' list: one line per item, saying which kind of date it is (and a hold's bookmobile stop). */
function movedDateLines(items: MovedDate[], locale: Locale): string {
  const t = translator(locale);
  return items.map((item) => t(movedDateKey(item), movedDateParams(item, locale))).join('\n');
}

function movedDateKey(item: MovedDate): MessageKey {
  if (item.kind === 'due') return 'mail.datesMoved.due';
  if (item.stop === undefined) return 'mail.datesMoved.pickup';
  return item.stop === null ? 'mail.datesMoved.noStop' : 'mail.datesMoved.stop';
}

function movedDateParams(item: MovedDate, locale: Locale): Record<string, string> {
  const params = { title: item.title, date: formatCalendarDate(item.date, locale) };
  return item.stop ? { ...params, stop: formatCalendarDate(item.stop, locale) } : params;
}
