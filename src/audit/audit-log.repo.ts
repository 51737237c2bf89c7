/** Reading the audit log for the admin's page: filtered by staff member, card and library dates, newest first, a page at a time. */
import { type Kysely, sql } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  staffUsername: string | null;
  /** A card number: the patron who has it now, or had it before a reissue. */
  cardNumber: string | null;
  from: CalendarDate | null;
  to: CalendarDate | null;
  page: number;
}

export interface AuditLine {
  id: number;
  at: Date;
  staff: string | null;
  action: string;
  cardNumber: string | null;
  barcode: string | null;
  title: string | null;
  details: Record<string, unknown>;
}

/** One page of lines matching the filter, and whether an older page follows. */
export async function listAuditLog(
  db: Kysely<Database>,
  filter: AuditFilter,
  timeZone: string,
): Promise<{ lines: AuditLine[]; more: boolean }> {
  // The day of each line in the library's time zone, as the from/to dates mean it.
  const day = sql<CalendarDate>`(audit_log.at at time zone ${timeZone})::date`;
  let query = db
    .selectFrom('audit_log')
    .leftJoin('staff', 'staff.id', 'audit_log.staff_id')
    .leftJoin('patrons', 'patrons.id', 'audit_log.patron_id')
    .leftJoin('copies', 'copies.id', 'audit_log.copy_id')
    .leftJoin('records', 'records.id', 'audit_log.record_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.details',
      'staff.username',
      'patrons.card_number',
      'copies.barcode',
      'records.title',
    ]);
  if (filter.staffUsername !== null) query = query.where('staff.username', '=', filter.staffUsername);
  if (filter.cardNumber !== null) {
    const card = filter.cardNumber;
    query = query.where((eb) =>
      eb.or([
        eb('patrons.card_number', '=', card),
        eb('audit_log.patron_id', 'in', eb.selectFrom('retired_card_numbers').select('patron_id').where('card_number', '=', card)),
      ]),
    );
  }
  if (filter.from !== null) query = query.where(day, '>=', filter.from);
  if (filter.to !== null) query = query.where(day, '<=', filter.to);
  const rows = await query
    .orderBy('audit_log.id', 'desc')
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return {
    lines: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
      id: row.id,
      at: row.at,
      staff: row.username,
      action: row.action,
      cardNumber: row.card_number,
      barcode: row.barcode,
      title: row.title,
      details: row.details,
    })),
    more: rows.length > AUDIT_PAGE_SIZE,
  };
}
