/**
 * 電話督促: overdue patrons whom no overdue notice can reach (no confirmed
 * address, or one that bounces), for the staff phone-call list beside the
 * hold-ready calls. Kysely only.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';
import { daysBetween } from '../time.ts';

export interface OverdueCall {
  cardNumber: string;
  name: string;
  phone: string;
  loans: { title: string; dueDate: CalendarDate; daysOverdue: number }[];
}

/** Each such patron with their overdue loans, most overdue first. */
export async function listOverdueCalls(db: Kysely<Database>, today: CalendarDate): Promise<OverdueCall[]> {
  const rows = await db
    .selectFrom('loans')
    .innerJoin('patrons', 'patrons.id', 'loans.patron_id')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('records', 'records.id', 'copies.record_id')
    .select(['patrons.card_number', 'patrons.name', 'patrons.phone', 'records.title', 'loans.due_date'])
    .where('loans.returned_at', 'is', null)
    .where('loans.due_date', '<', today)
    .where((eb) =>
      eb.or([
        eb('patrons.email', 'is', null),
        eb('patrons.email_confirmed_at', 'is', null),
        eb('patrons.email_undeliverable_at', 'is not', null),
      ]),
    )
    .orderBy('loans.due_date')
    .orderBy('patrons.card_number')
    .orderBy('loans.id')
    .execute();
  const calls = new Map<string, OverdueCall>();
  for (const row of rows) {
    const call = calls.get(row.card_number) ?? { cardNumber: row.card_number, name: row.name, phone: row.phone, loans: [] };
    call.loans.push({ title: row.title, dueDate: row.due_date, daysOverdue: daysBetween(row.due_date, today) });
    calls.set(row.card_number, call);
  }
  return [...calls.values()];
}
