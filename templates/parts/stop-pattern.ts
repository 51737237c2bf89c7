/** A bookmobile station's stop pattern in words, as the admin page and the guide both write it. */
import type { StopPattern } from '../../src/calendar/bookmobile.rules.ts';
import { formatCalendarDate } from '../../src/i18n/format.ts';
import type { MessageKey } from '../../src/i18n/index.ts';
import { weekday } from '../../src/time.ts';
import type { PageContext } from '../page-context.ts';

/** 隔週木曜日（12月3日から） 12月24日まで 10:00～10:45. */
export function patternText(pageContext: Pick<PageContext, 't' | 'locale'>, pattern: StopPattern): string {
  const { t, locale } = pageContext;
  const day = t(`admin.calendar.weekday.${weekday(pattern.firstStop)}` as MessageKey);
  const first = formatCalendarDate(pattern.firstStop, locale);
  const parts = [
    t(pattern.everyWeeks === 2 ? 'admin.bookmobile.patternEveryOther' : 'admin.bookmobile.patternWeekly', { weekday: day, first }),
  ];
  if (pattern.lastStop) parts.push(t('admin.bookmobile.patternUntil', { last: formatCalendarDate(pattern.lastStop, locale) }));
  if (pattern.arrives && pattern.departs)
    parts.push(t('admin.bookmobile.patternTimes', { arrives: pattern.arrives, departs: pattern.departs }));
  return parts.join(' ');
}
