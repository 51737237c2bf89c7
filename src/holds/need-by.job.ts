/** The daily job of 予約の有効期限: holds still pending after their need-by date are cancelled, and the patron told. */
import type { DailyJob } from '../jobs/daily-jobs.ts';
import { cancelHoldsPastNeedBy } from './need-by.repo.ts';

export const needByJob: DailyJob = {
  name: 'hold-need-by',
  run: async ({ db, config, now, today }) => {
    const { cancelled, mailed } = await cancelHoldsPastNeedBy(db, { now, today, mailFrom: config.mailFrom });
    return `holds cancelled past their need-by date: ${cancelled} (${mailed} mail(s))`;
  },
};
