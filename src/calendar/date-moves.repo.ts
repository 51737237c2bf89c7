/**
 * Moving the due dates and pickup deadlines inside a newly closed range to
 * the next open day, in the caller's transaction (the closure and its moves
 * commit together), and the mails that tell the patrons who chose mail of
 * these moves and of holds moved to a later bookmobile stop.
 */
import type { Kysely } from 'kysely';
import type { CalendarDate, Database } from '../db/schema.ts';
import { queueMail } from '../mail/mail.repo.ts';
import type { ClosureRange, LibraryCalendar } from './calendar.rules.ts';
import { type DatedItem, type DateMove, datesToMove, movedDatesMails } from './date-moves.rules.ts';

type Db = Kysely<Database>;

/** Where a closure is: null for the whole library, else the one place whose dates it can move. */
export type PlacedRange = ClosureRange & { place: string | null };

/** Open loans due inside the range (lent at its place); mail for patrons who get their loan notices by mail (返却期限のお知らせ). */
async function loansDueIn(db: Db, range: PlacedRange): Promise<DatedItem[]> {
  let query = db
    .selectFrom('loans')
    .innerJoin('patrons', 'patrons.id', 'loans.patron_id')
    .innerJoin('copies', 'copies.id', 'loans.copy_id')
    .innerJoin('records', 'records.id', 'copies.record_id')
    .select([
      'loans.id',
      'loans.due_date as date',
      'loans.checkout_place as place',
      'patrons.id as patronId',
      'patrons.email',
      'patrons.email_confirmed_at',
      'patrons.email_undeliverable_at',
      'patrons.notify_due_soon',
      'patrons.locale',
      'records.title',
    ])
    .where('loans.returned_at', 'is', null)
    .where('loans.due_date', '>=', range.from)
    .where('loans.due_date', '<=', range.to);
  if (range.place !== null) query = query.where('loans.checkout_place', '=', range.place);
  const rows = await query.execute();
  return rows.map((row) => ({
    kind: 'due',
    id: row.id,
    patronId: row.patronId,
    title: row.title,
    date: row.date,
    place: row.place,
    mailTo: row.notify_due_soon ? reachableAddress(row) : null,
    locale: row.locale,
  }));
}

/** Ready holds with what a mail about them needs; callers narrow it down. */
export function readyHolds(db: Db) {
  return db
    .selectFrom('holds')
    .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
    .innerJoin('records', 'records.id', 'holds.record_id')
    .select([
      'holds.id',
      'holds.pickup_deadline',
      'holds.pickup_stop_on',
      'holds.contact',
      'holds.pickup_place',
      'patrons.id as patronId',
      'patrons.email',
      'patrons.email_confirmed_at',
      'patrons.email_undeliverable_at',
      'patrons.locale',
      'records.title',
    ])
    .where('holds.status', '=', 'ready');
}

type ReadyHoldRow = Awaited<ReturnType<ReturnType<typeof readyHolds>['executeTakeFirstOrThrow']>>;

/** A ready hold as a dated item (its pickup deadline); mail when its contact is mail. */
export function readyHoldItem(row: ReadyHoldRow): DatedItem {
  return {
    kind: 'pickup',
    id: row.id,
    patronId: row.patronId,
    title: row.title,
    date: row.pickup_deadline!,
    place: row.pickup_place,
    mailTo: row.contact === 'email' ? reachableAddress(row) : null,
    locale: row.locale,
  };
}

/** Ready holds (picked up at its place) whose pickup deadline is inside the range. */
async function holdsDueIn(db: Db, range: PlacedRange): Promise<DatedItem[]> {
  let query = readyHolds(db).where('holds.pickup_deadline', '>=', range.from).where('holds.pickup_deadline', '<=', range.to);
  if (range.place !== null) query = query.where('holds.pickup_place', '=', range.place);
  return (await query.execute()).map(readyHoldItem);
}

function reachableAddress(row: { email: string | null; email_confirmed_at: Date | null; email_undeliverable_at: Date | null }) {
  return row.email !== null && row.email_confirmed_at !== null && row.email_undeliverable_at === null ? row.email : null;
}

/**
 * Moves every due date and pickup deadline inside `range` (at its place)
 * that `calendar` (read in the same transaction, the new closure in it)
 * now closes where it is due. Each update is conditional on the date read,
 * so a renewal committed meanwhile is not overwritten (nor counted).
 */
export async function moveDatesOffClosedDays(db: Db, range: PlacedRange, calendar: LibraryCalendar): Promise<DateMove[]> {
  const moves = datesToMove([...(await loansDueIn(db, range)), ...(await holdsDueIn(db, range))], calendar);
  const done = [];
  for (const move of moves) {
    if (await moveOne(db, move.kind, move.id, move.date, move.newDate)) done.push(move);
  }
  return done;
}

/** Queues one 「返却期限・取置期限変更のお知らせ」 per patron who chose mail for what `moves` moved, in the caller's transaction. */
export async function queueMovedDatesMails(db: Db, moves: readonly DateMove[], at: { now: Date; mailFrom: string }): Promise<void> {
  for (const mail of movedDatesMails(moves)) {
    await queueMail(
      db,
      { to: mail.to, patronId: mail.patronId, locale: mail.locale, content: { template: 'dates-moved', data: { items: mail.items } } },
      at,
    );
  }
}

async function moveOne(db: Db, kind: 'due' | 'pickup', id: number, from: CalendarDate, to: CalendarDate): Promise<boolean> {
  const result =
    kind === 'due'
      ? await db
          .updateTable('loans')
          .set({ due_date: to })
          .where('id', '=', id)
          .where('due_date', '=', from)
          .where('returned_at', 'is', null)
          .executeTakeFirst()
      : await db
          .updateTable('holds')
          .set({ pickup_deadline: to })
          .where('id', '=', id)
          .where('pickup_deadline', '=', from)
          .where('status', '=', 'ready')
          .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
