/** The 「新着資料のお知らせ」 mail's data (as kept in the outbox), its check when read back, and its list as text. */
import type { Locale } from '../config.ts';
import { translator } from '../i18n/index.ts';
import { isListOf } from '../mail/outbox-data.ts';

/** One saved search's part of the mail: its words, the search to see them all, the titles listed and how many more. */
export interface NewArrivalsBlock {
  query: string;
  url: string;
  titles: string[];
  more: number;
}

/** True when the outbox's `alerts` is a non-empty list of NewArrivalsBlock (a mail of another version is failed, not sent). */
export function isNewArrivalList(value: unknown): value is NewArrivalsBlock[] {
  return isListOf<NewArrivalsBlock>(
    value,
    (block) =>
      typeof block.query === 'string' &&
      typeof block.url === 'string' &&
      typeof block.more === 'number' &&
      Array.isArray(block.titles) &&
      block.titles.every((title: unknown) => typeof title === 'string'),
  );
}

/** Each search's heading, its titles one a line, how many more, and the link to the search. */
export function newArrivalLines(blocks: NewArrivalsBlock[], locale: Locale): string {
  const t = translator(locale);
  return blocks
    .map((block) =>
      [
        t('mail.newArrivals.heading', { query: block.query, count: block.titles.length + block.more }),
        ...block.titles.map((title) => t('mail.newArrivals.line', { title })),
        ...(block.more > 0 ? [t('mail.newArrivals.more', { more: block.more })] : []),
        block.url,
      ].join('\n'),
    )
    .join('\n\n');
}
