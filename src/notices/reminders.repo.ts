/**
 * The loans reminders are about, and the record of what was sent. Kysely
 * only; `db` first so the job's transaction can be passed.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { CalendarDate, Database, LoanReminderKind } from '../db/schema.ts';

type Db = Kysely<Database>;

/** An open loan whose patron can be reminded by mail. */
export interface ReminderLoan {
  loanId: number;
  dueDate: CalendarDate;
  patronId: number;
  email: string;
  locale: 'ja' | 'en';
  title: string;
}

/** Open loans of patrons with a confirmed address that mail reaches, who want this kind of notice. */
function remindableLoans(db: Db, wants: 'notify_due_soon' | 'notify_overdue') {
  return db
    .selectFrom('loans')
    .innerJoin('patrons', 'patrons.id', 'loans.patron_id')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('records', 'records.id', 'copies.record_id')
    .select([
      'loans.id as loanId',
      'loans.due_date as dueDate',
      'patrons.id as patronId',
      'patrons.email as email',
      'patrons.locale as locale',
      'records.title as title',
    ])
    .where('loans.returned_at', 'is', null)
    .where('patrons.email', 'is not', null)
    .where('patrons.email_confirmed_at', 'is not', null)
    .where('patrons.email_undeliverable_at', 'is', null)
    .where(`patrons.${wants}`, '=', true)
    .orderBy('patrons.id')
    .orderBy('loans.due_date')
    .orderBy('loans.id');
}

function noReminder(kind: LoanReminderKind) {
  return (eb: ExpressionBuilder<Database, 'loans'>) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('loan_reminders')
          .select('loan_reminders.loan_id')
          .whereRef('loan_reminders.loan_id', '=', 'loans.id')
          .whereRef('loan_reminders.due_date', '=', 'loans.due_date')
          .where('loan_reminders.kind', '=', kind),
      ),
    );
}

/** Loans due on `dueDate` that have had no 「返却期限のお知らせ」 for that date. */
export async function loansDueSoon(db: Db, dueDate: CalendarDate): Promise<ReminderLoan[]> {
  const rows = await remindableLoans(db, 'notify_due_soon').where('loans.due_date', '=', dueDate).where(noReminder('due_soon')).execute();
  return rows.map((row) => ({ ...row, email: row.email! }));
}

/** Overdue loans with the overdue notices already sent for their current due date. */
export async function overdueLoans(
  db: Db,
  today: CalendarDate,
): Promise<(ReminderLoan & { sent: number; lastSentOn: CalendarDate | null })[]> {
  const rows = await remindableLoans(db, 'notify_overdue')
    .where('loans.due_date', '<', today)
    .select((eb) => {
      const sentForDueDate = eb
        .selectFrom('loan_reminders')
        .whereRef('loan_reminders.loan_id', '=', 'loans.id')
        .whereRef('loan_reminders.due_date', '=', 'loans.due_date')
        .where('loan_reminders.kind', '=', 'overdue');
      return [
        sentForDueDate.select((inner) => inner.fn.countAll<number>().as('n')).as('sent'),
        sentForDueDate.select((inner) => inner.fn.max('loan_reminders.sent_on').as('last')).as('lastSentOn'),
      ];
    })
    .execute();
  return rows.map((row) => ({ ...row, email: row.email!, sent: Number(row.sent ?? 0), lastSentOn: row.lastSentOn ?? null }));
}

/**
 * Claims the reminders about to be sent: a loan whose row for this due
 * date, kind and sequence number already exists (another run sent it) is
 * left out of the mail. Returns the loans claimed.
 */
export async function claimReminders(
  db: Db,
  reminders: { loanId: number; dueDate: CalendarDate; seq: number }[],
  kind: LoanReminderKind,
  today: CalendarDate,
): Promise<Set<number>> {
  if (reminders.length === 0) return new Set();
  const claimed = await db
    .insertInto('loan_reminders')
    .values(reminders.map((r) => ({ loan_id: r.loanId, due_date: r.dueDate, kind, seq: r.seq, sent_on: today })))
    .onConflict((oc) => oc.doNothing())
    .returning('loan_id')
    .execute();
  return new Set(claimed.map((row) => row.loan_id));
}

/** What /account/notices shows: the patron's choices and whether mail can reach them. */
export interface NoticeSettings {
  dueSoon: boolean;
  overdue: boolean;
  /** A confirmed address that mail reaches: without one, no reminder goes out. */
  reachable: 'yes' | 'noAddress' | 'undeliverable';
}

export async function noticeSettings(db: Db, patronId: number): Promise<NoticeSettings | undefined> {
  const row = await db
    .selectFrom('patrons')
    .select(['notify_due_soon', 'notify_overdue', 'email', 'email_confirmed_at', 'email_undeliverable_at'])
    .where('id', '=', patronId)
    .executeTakeFirst();
  if (!row) return undefined;
  const reachable =
    row.email === null || row.email_confirmed_at === null ? 'noAddress' : row.email_undeliverable_at ? 'undeliverable' : 'yes';
  return { dueSoon: row.notify_due_soon, overdue: row.notify_overdue, reachable };
}

export async function saveNoticeChoices(db: Db, patronId: number, choices: { dueSoon: boolean; overdue: boolean }): Promise<void> {
  await db
    .updateTable('patrons')
    .set({ notify_due_soon: choices.dueSoon, notify_overdue: choices.overdue })
    .where('id', '=', patronId)
    .execute();
}
