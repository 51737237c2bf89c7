/** What a patron has on loan, as the checkout limits count it. Kysely only; `db` first. */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';
import type { LoansOnHand } from './loan-limits.rules.ts';

/** The patron's open loans: how many, how many audiovisual, and the earliest due date. */
export async function loansOnHand(db: Kysely<Database>, patronId: number): Promise<LoansOnHand> {
  const row = await db
    .selectFrom('loans')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('records', 'records.id', 'copies.record_id')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where records.material = 'av'))::int`.as('av'),
      sql<CalendarDate | null>`min(loans.due_date)`.as('earliest'),
    ])
    .where('loans.patron_id', '=', patronId)
    .where('loans.returned_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { total: row.total, av: row.av, earliestDue: row.earliest };
}
