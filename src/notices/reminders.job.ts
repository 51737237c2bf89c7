/**
 * The daily reminder job: one 「返却期限のお知らせ」 per patron listing every
 * loan due on the reminder day, and one overdue notice per patron listing
 * the loans whose next notice is due. Each loan's reminder is claimed
 * (loan_reminders) in the same transaction that queues its mail, so a
 * second run on the same day, or a run beside another worker, sends nothing
 * twice; a renewal gives the loan a new due date, and so a new reminder.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import type { CalendarDate, Database, LoanReminderKind } from '../db/schema.ts';
import type { DailyJob } from '../jobs/daily-jobs.ts';
import { queueMail } from '../mail/mail.repo.ts';
import { claimReminders, loansDueSoon, overdueLoans, type ReminderLoan } from './reminders.repo.ts';
import { byPatron, dueSoonDate, overdueNoticeDue } from './reminders.rules.ts';

export interface ReminderReport {
  dueSoonMails: number;
  overdueMails: number;
}

/** Sends the day's reminders (idempotent for a day); what it queued. */
export async function sendReminders(
  db: Kysely<Database>,
  config: Pick<Config, 'rules' | 'mailFrom'>,
  today: CalendarDate,
  now: Date,
): Promise<ReminderReport> {
  const settings = config.rules.reminders;
  return db.transaction().execute(async (tx) => {
    const dueSoon = (await loansDueSoon(tx, dueSoonDate(today, settings))).map((loan) => ({ ...loan, seq: 0 }));
    const overdue = (await overdueLoans(tx, today))
      .filter((loan) => overdueNoticeDue(loan.dueDate, today, loan, settings))
      .map((loan) => ({ ...loan, seq: loan.sent + 1 }));
    const send = (loans: (ReminderLoan & { seq: number })[], kind: LoanReminderKind) =>
      queueReminders(tx, loans, kind, { today, now, mailFrom: config.mailFrom });
    return { dueSoonMails: await send(dueSoon, 'due_soon'), overdueMails: await send(overdue, 'overdue') };
  });
}

/** The daily job: the day's reminders, with a one-line summary. */
export const remindersJob: DailyJob = {
  name: 'reminders',
  run: async ({ db, config, today, now }) => {
    const report = await sendReminders(db, config, today, now);
    return `due-soon reminders: ${report.dueSoonMails} mail(s), overdue notices: ${report.overdueMails} mail(s)`;
  },
};

async function queueReminders(
  tx: Transaction<Database>,
  loans: (ReminderLoan & { seq: number })[],
  kind: LoanReminderKind,
  at: { today: CalendarDate; now: Date; mailFrom: string },
): Promise<number> {
  let mails = 0;
  for (const group of byPatron(loans)) {
    const claimed = await claimReminders(tx, group, kind, at.today);
    const listed = group.filter((loan) => claimed.has(loan.loanId)).map((loan) => ({ title: loan.title, due: loan.dueDate }));
    if (listed.length === 0) continue;
    const { patronId, email, locale } = group[0]!;
    const content =
      kind === 'due_soon'
        ? { template: 'due-soon' as const, data: { loans: listed } }
        : { template: 'overdue' as const, data: { loans: listed } };
    await queueMail(tx, { to: email, patronId, locale, content }, { now: at.now, mailFrom: at.mailFrom });
    mails += 1;
  }
  return mails;
}
