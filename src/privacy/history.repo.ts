/**
 * The patron's own history (SPEC §12): the reading record (読書記録) they
 * may choose to keep, and their holds finished within the retention period.
 * Turning the record off deletes it: the loans stay only as anonymous
 * statistics. Kysely only; `db` first.
 */
import type { Kysely } from 'kysely';
import type { Database, HoldStatus } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface ReadingRecordEntry {
  title: string;
  recordId: number;
  checkedOutAt: Date;
  returnedAt: Date;
}

export interface FinishedHold {
  title: string;
  recordId: number;
  status: Extract<HoldStatus, 'fulfilled' | 'cancelled' | 'expired'>;
  placedAt: Date;
  closedAt: Date;
}

export interface PatronHistory {
  keep: boolean;
  readingRecord: ReadingRecordEntry[];
  recentHolds: FinishedHold[];
}

/** Whether the patron keeps a record, what it holds (latest return first), and their holds finished since `holdsSince` (latest first). */
export async function patronHistory(db: Db, patronId: number, holdsSince: Date): Promise<PatronHistory> {
  const patron = await db.selectFrom('patrons').select('keep_reading_record').where('id', '=', patronId).executeTakeFirstOrThrow();
  const readingRecord = await db
    .selectFrom('loans as l')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select(['r.title', 'r.id as recordId', 'l.checked_out_at as checkedOutAt', 'l.returned_at as returnedAt'])
    .where('l.patron_id', '=', patronId)
    .where('l.returned_at', 'is not', null)
    .orderBy('l.returned_at', 'desc')
    .orderBy('l.id', 'desc')
    .$narrowType<{ returnedAt: Date }>()
    .execute();
  const recentHolds = await db
    .selectFrom('holds as h')
    .innerJoin('records as r', 'r.id', 'h.record_id')
    .select(['r.title', 'r.id as recordId', 'h.status', 'h.placed_at as placedAt', 'h.closed_at as closedAt'])
    .where('h.patron_id', '=', patronId)
    .where('h.status', 'in', ['fulfilled', 'cancelled', 'expired'])
    .where('h.closed_at', '>=', holdsSince)
    .orderBy('h.closed_at', 'desc')
    .orderBy('h.id', 'desc')
    .$narrowType<{ status: FinishedHold['status']; closedAt: Date }>()
    .execute();
  return { keep: patron.keep_reading_record, readingRecord, recentHolds };
}

/** Turns the reading record on or off; off deletes what it held (in the same transaction). False when it already was so. */
export async function setKeepReadingRecord(db: Db, patronId: number, keep: boolean): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('patrons')
      .set({ keep_reading_record: keep })
      .where('id', '=', patronId)
      .where('keep_reading_record', '<>', keep)
      .executeTakeFirst();
    if (!keep) await forgetReadingRecord(tx, patronId);
    return updated.numUpdatedRows > 0n;
  });
}

/** Empties the reading record; it stays on for the loans returned from now on. */
export async function forgetReadingRecord(db: Db, patronId: number): Promise<number> {
  const result = await db
    .updateTable('loans')
    .set({ patron_id: null })
    .where('patron_id', '=', patronId)
    .where('returned_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
