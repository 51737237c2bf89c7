/**
 * The feed as iCalendar (RFC 5545), written by ical-generator, which folds
 * long lines, escapes text and ends lines with CRLF as the RFC asks; the
 * events are all-day (DTSTART;VALUE=DATE), as due dates and pickup
 * deadlines are calendar dates, not instants.
 */
import ical from 'ical-generator';
import type { Config, Locale } from '../config.ts';
import { translator } from '../i18n/index.ts';
import { eventUid, type FeedEvent } from './calendar-feed.rules.ts';

/** Calendar apps fetch again about this often (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 6 * 3600;

export interface FeedOptions {
  locale: Locale;
  showTitles: boolean;
  now: Date;
}

/** The feed's text: one event per due date, per pickup deadline and place, and per bookmobile stop; titles only when the patron chose them. */
export function feedIcs(events: FeedEvent[], options: FeedOptions, config: Pick<Config, 'siteUrl' | 'rules'>): string {
  const t = translator(options.locale);
  const library = config.rules.libraryName[options.locale];
  const host = new URL(config.siteUrl).host;
  const accountUrl = `${config.siteUrl}/account`;
  const calendar = ical({
    name: t('calendarFeed.name', { library }),
    prodId: { company: host, product: 'library-web', language: options.locale.toUpperCase() },
    ttl: REFRESH_SECONDS,
  });
  for (const event of events) {
    const count = event.titles.length;
    const place = event.kind === 'due' ? '' : placeName(config, event.place, options.locale);
    const summary = options.showTitles
      ? t(`calendarFeed.${event.kind}Titles`, { titles: event.titles.join(t('calendarFeed.separator')), place })
      : t(`calendarFeed.${event.kind}`, { count, place });
    const description = options.showTitles ? event.titles.join('\n') : t('calendarFeed.noTitles');
    calendar.createEvent({
      id: eventUid(event, host),
      // A calendar date at UTC midnight: ical-generator writes an all-day date from the UTC fields.
      start: new Date(`${event.date}T00:00:00Z`),
      allDay: true,
      stamp: options.now,
      summary,
      description: `${description}\n${accountUrl}`,
      location: place || null,
      url: accountUrl,
    });
  }
  return calendar.toString();
}

function placeName(config: Pick<Config, 'rules'>, code: string, locale: Locale): string {
  return config.rules.pickupPlaces.find((p) => p.code === code)?.name[locale] ?? code;
}
