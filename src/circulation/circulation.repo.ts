/**
 * Circulation in the database: checkout, checkin with hold trapping,
 * receiving a copy in transit, the hold-shelf expiry and the phone-call
 * list. Each change runs in one transaction and locks in one order, copy
 * first, then the record (which serialises trapping per record: two copies
 * of one title returned at once go to two different holds, in FIFO order),
 * then holds, so concurrent desks never give one copy to two holds nor
 * deadlock each other. Every staff change is written to the audit log in
 * the same transaction.
 */
import { type Kysely, sql } from 'kysely';
import { loadTimetable } from '../calendar/bookmobile.repo.ts';
import { stationPickup } from '../calendar/bookmobile.rules.ts';
import { loadLibraryCalendar } from '../calendar/calendar.repo.ts';
import { calendarAt, type LibraryCalendar } from '../calendar/calendar.rules.ts';
import type { LibraryRules } from '../config.ts';
import type { CalendarDate, Copy, Database, Material } from '../db/schema.ts';
import { audit } from '../audit/audit.repo.ts';
import { queueMail } from '../mail/mail.repo.ts';
import { queueHoldReadyPushes } from '../push/push.repo.ts';
import { forgetReturnedLoan } from '../privacy/returned-loans.repo.ts';
import { circulationTerms, type CirculationTerms } from '../patrons/patron-category.rules.ts';
import { passedOver } from '../holds/hold-queue.rules.ts';
import { libraryDate, libraryTime } from '../time.ts';
import {
  type CheckinDestination,
  type CheckoutRefusal,
  checkoutRefusal,
  deadlineAfterCall,
  freeCopyDestination,
  loanDueDate,
  pickupDeadline,
  readyNotice,
  trapOutcome,
} from './circulation.rules.ts';
import { loansOnHand } from './loan-limits.repo.ts';
import { isOverridable, type LoanLimitRefusal, loanLimitRefusal } from './loan-limits.rules.ts';

type Db = Kysely<Database>;

/** What every circulation change needs: the time, the calendar in force (each place's in it), the rules and who acts. */
export interface CirculationContext {
  now: Date;
  today: CalendarDate;
  calendar: LibraryCalendar;
  /** The library's rules; a patron's category may change their terms (circulationTerms). */
  rules: Pick<LibraryRules, 'holdShelfDays' | 'patronCategories' | 'floatingCollection' | 'timeZone'> & CirculationTerms;
  mailFrom: string;
  /** The staff member at the desk; null for the worker's daily job. */
  staffId: number | null;
}

/** Reads the calendar for `now` and builds the context of one request or job run. */
export async function circulationContext(
  db: Db,
  settings: { rules: LibraryRules; mailFrom: string },
  now: Date,
  staffId: number | null,
): Promise<CirculationContext> {
  const today = libraryDate(now, settings.rules.timeZone);
  const calendar = await loadLibraryCalendar(db, settings.rules, today);
  return { now, today, calendar, rules: settings.rules, mailFrom: settings.mailFrom, staffId };
}

async function lockCopy(db: Db, by: { barcode: string } | { id: number }): Promise<Copy | undefined> {
  const query = db.selectFrom('copies').selectAll();
  // Barcodes match upper-cased (the unique index's form) whatever case the import or the scanner used.
  const match = 'id' in by ? query.where('id', '=', by.id) : query.where(sql`upper(barcode)`, '=', by.barcode.toUpperCase());
  return match.forUpdate().executeTakeFirst();
}

/** Whether a newer issue of the serial of records `r` exists (issue date, then id: the order the catalog uses). */
const newerIssueExists = sql<boolean>`exists (select 1 from records n where n.serial_id = r.serial_id
  and (coalesce(n.issue_date, '0001-01-01'), n.id) > (coalesce(r.issue_date, '0001-01-01'), r.id))`;

/** True for the newest issue of a serial (a magazine record with no newer issue). */
function isLatestIssue(db: Db, recordId: number): Promise<boolean> {
  return db
    .selectFrom('records as r')
    .select(sql<boolean>`r.serial_id is not null and not ${newerIssueExists}`.as('latest'))
    .where('r.id', '=', recordId)
    .executeTakeFirstOrThrow()
    .then((row) => row.latest);
}

async function recordTitle(db: Db, recordId: number): Promise<string> {
  const row = await db.selectFrom('records').select('title').where('id', '=', recordId).executeTakeFirstOrThrow();
  return row.title;
}

/**
 * Makes a trapped hold ready on the shelf at its pickup place: the pickup
 * deadline from today (for a 「BM」 station with a timetable, the stop the
 * copy rides to, and the later of that stop and the usual deadline), and
 * the notice its contact method asks for: the hold-ready mail queued in
 * this transaction (so it is sent only if the hold really became ready), or
 * a place on the phone-call list; and, beside either, a push to each device
 * the patron subscribed (not for 連絡不要).
 */
async function makeReady(db: Db, ctx: CirculationContext, holdId: number): Promise<void> {
  const hold = await db
    .selectFrom('holds')
    .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
    .innerJoin('records', 'records.id', 'holds.record_id')
    .innerJoin('pickup_places', 'pickup_places.code', 'holds.pickup_place')
    .select([
      'holds.contact',
      'holds.pickup_place',
      'pickup_places.kind as pickup_kind',
      'holds.patron_id',
      'records.title',
      'patrons.email',
      'patrons.email_confirmed_at',
      'patrons.email_undeliverable_at',
      'patrons.locale',
    ])
    .where('holds.id', '=', holdId)
    .executeTakeFirstOrThrow();
  const calendar = calendarAt(ctx.calendar, hold.pickup_place);
  // Only a 「BM」 station has a timetable: a counter's checkin reads none.
  const { deadline, stop } = stationPickup(
    hold.pickup_kind === 'bookmobile' ? await loadTimetable(db, hold.pickup_place, ctx.today) : null,
    calendar,
    { date: ctx.today, time: libraryTime(ctx.now, ctx.rules.timeZone) },
    pickupDeadline(ctx.today, ctx.rules.holdShelfDays, calendar),
  );
  // What the ready mail and the push say: the title, place and deadline, and the stop a bookmobile brings it on.
  const readyData = { title: hold.title, place: hold.pickup_place, deadline, ...(stop ? { stop } : {}) };
  const notice = readyNotice(hold.contact, {
    confirmedEmail: hold.email_confirmed_at ? hold.email : null,
    undeliverable: hold.email_undeliverable_at !== null,
  });
  if (notice.kind === 'email') {
    await queueMail(
      db,
      {
        to: notice.to,
        patronId: hold.patron_id,
        locale: hold.locale,
        content: { template: 'hold-ready', data: readyData },
      },
      { now: ctx.now, mailFrom: ctx.mailFrom },
    );
  }
  if (hold.contact !== 'none' && hold.patron_id !== null) {
    await queueHoldReadyPushes(db, {
      holdId,
      patronId: hold.patron_id,
      locale: hold.locale,
      data: readyData,
      now: ctx.now,
    });
  }
  await db
    .updateTable('holds')
    .set({
      status: 'ready',
      ready_at: ctx.now,
      pickup_deadline: deadline,
      pickup_stop_on: stop,
      notified_at: notice.kind === 'email' ? ctx.now : null,
      call_needed: notice.kind === 'call',
      called_at: null,
      called_by: null,
    })
    .where('id', '=', holdId)
    .execute();
}

/** Holds of a queue read at a time: passed-over holds are few, so the first page nearly always has the one served. */
const QUEUE_PAGE = 10;

/**
 * The oldest pending hold on the record whose patron may still borrow and
 * that is not passed over today: suspended holds and later titles of a
 * series keep their place but wait (SPEC §14).
 */
async function nextServableHold(db: Db, recordId: number, today: CalendarDate) {
  for (let offset = 0; ; offset += QUEUE_PAGE) {
    const page = await db
      .selectFrom('holds')
      .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
      .leftJoin('holds as earlier', 'earlier.id', 'holds.series_after')
      .select(['holds.id', 'holds.pickup_place', 'holds.suspended_until', 'earlier.status as earlier_status', 'patrons.card_number'])
      .where('holds.record_id', '=', recordId)
      .where('holds.status', '=', 'pending')
      .where('patrons.blocked_reason', 'is', null)
      .where((eb) => eb.or([eb('patrons.expires_on', 'is', null), eb('patrons.expires_on', '>=', today)]))
      .orderBy('holds.placed_at')
      .orderBy('holds.id')
      .limit(QUEUE_PAGE)
      .offset(offset)
      .execute();
    const servable = page.find((hold) => !passedOver({ suspendedUntil: hold.suspended_until, earlierStatus: hold.earlier_status }, today));
    if (servable || page.length < QUEUE_PAGE) return servable;
  }
}

/**
 * Gives a copy that is free at `place` (returned, received, or released
 * from an expired or cancelled hold) to the oldest pending hold on its
 * record whose patron may still borrow, or puts it back on the shelf. The
 * caller holds the copy's lock; this takes the record's, so trapping on
 * one record happens one copy at a time.
 */
export async function trapCopy(
  db: Db,
  ctx: CirculationContext,
  copy: Pick<Copy, 'id' | 'record_id' | 'reference_only' | 'home_place'>,
  place: string,
): Promise<CheckinDestination> {
  // A latest issue waits on the shelf; its holds are trapped once a newer issue arrives (trapBackIssues).
  if (!copy.reference_only && !(await isLatestIssue(db, copy.record_id))) {
    // NO KEY UPDATE: patrons placing holds (a foreign key to the record) are not held up.
    await db.selectFrom('records').select('id').where('id', '=', copy.record_id).forNoKeyUpdate().executeTakeFirst();
    for (;;) {
      const candidate = await nextServableHold(db, copy.record_id, ctx.today);
      if (!candidate) break;
      const outcome = trapOutcome(place, candidate.pickup_place);
      // Conditional on `pending`: a hold the patron cancelled a moment ago is skipped, not resurrected.
      const trapped = await db
        .updateTable('holds')
        .set({ status: 'in_transit', copy_id: copy.id, trapped_at: ctx.now })
        .where('id', '=', candidate.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (trapped.numUpdatedRows === 0n) continue;
      if (outcome === 'ready') await makeReady(db, ctx, candidate.id);
      await db
        .updateTable('copies')
        .set({ status: outcome === 'ready' ? 'on_hold_shelf' : 'in_transit', current_place: place })
        .where('id', '=', copy.id)
        .execute();
      const destination = { holdId: candidate.id, cardNumber: candidate.card_number, pickupPlace: candidate.pickup_place };
      return outcome === 'ready' ? { kind: 'holdShelf', ...destination } : { kind: 'transit', ...destination };
    }
  }
  const destination = freeCopyDestination(place, copy.home_place, ctx.rules.floatingCollection);
  const status = destination.kind === 'shelf' ? 'on_shelf' : 'in_transit';
  await db.updateTable('copies').set({ status, current_place: place }).where('id', '=', copy.id).execute();
  return destination;
}

export type CheckoutOutcome =
  | { kind: 'unknownPatron' }
  | { kind: 'unknownCopy' }
  | { kind: 'refused'; reason: CheckoutRefusal | LoanLimitRefusal; title: string; overridable: boolean }
  | { kind: 'ok'; loanId: number; title: string; dueDate: CalendarDate; fulfilledHoldId: number | null };

/** A checkout: the card, the copy, and the reason staff gave for lending despite a refusal about the patron (or null). */
export interface CheckoutInput {
  cardNumber: string;
  barcode: string;
  overrideReason?: string | null;
}

/**
 * Lends a copy. Refuses with a reason the desk can act on; a refusal about
 * the patron (block, expiry, limits, overdue items) gives way to an override
 * reason, which the audit log keeps. A copy waiting on the hold shelf (or
 * any active hold) of this patron for the record is fulfilled by the loan.
 * The patron's row is locked, so two desks cannot pass the limit together.
 */
export async function checkout(db: Db, ctx: CirculationContext, input: CheckoutInput): Promise<CheckoutOutcome> {
  return db.transaction().execute(async (tx) => {
    const patron = await tx
      .selectFrom('patrons')
      .select(['id', 'blocked_reason', 'expires_on', 'category'])
      .where('card_number', '=', input.cardNumber)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!patron) return { kind: 'unknownPatron' };
    const copy = await lockCopy(tx, { barcode: input.barcode });
    if (!copy) return { kind: 'unknownCopy' };
    const { title, material } = await tx
      .selectFrom('records')
      .select(['title', 'material'])
      .where('id', '=', copy.record_id)
      .executeTakeFirstOrThrow();
    const terms = circulationTerms(ctx.rules, patron.category);
    const refusal = await refusalFor(tx, { ...ctx, terms }, patron, copy, material);
    if (refusal && (input.overrideReason == null || !isOverridable(refusal))) {
      return { kind: 'refused', reason: refusal, title, overridable: isOverridable(refusal) };
    }
    const dueDate = loanDueDate(ctx.today, terms.loanDays, calendarAt(ctx.calendar, copy.current_place));
    const created = await tx
      .insertInto('loans')
      .values({
        copy_id: copy.id,
        patron_id: patron.id,
        checked_out_at: ctx.now,
        due_date: dueDate,
        checked_out_by: ctx.staffId,
        checkout_place: copy.current_place,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', copy.id).execute();
    const fulfilledHoldId = await fulfilHold(tx, ctx, patron.id, copy);
    const entry = { patronId: patron.id, copyId: copy.id, recordId: copy.record_id };
    await audit(tx, ctx, { action: 'checkout', ...entry, holdId: fulfilledHoldId, details: { loanId: created.id, dueDate } });
    if (refusal) {
      await audit(tx, ctx, {
        action: 'checkout-override',
        ...entry,
        details: { loanId: created.id, refusal, reason: input.overrideReason },
      });
    }
    return { kind: 'ok', loanId: created.id, title, dueDate, fulfilledHoldId };
  });
}

/** The first reason this copy may not go to this patron: the copy's own state, then the patron's standing, then the limits. */
async function refusalFor(
  tx: Db,
  ctx: { today: CalendarDate; terms: CirculationTerms },
  patron: { id: number; blocked_reason: string | null; expires_on: CalendarDate | null },
  copy: Copy,
  material: Material,
): Promise<CheckoutRefusal | LoanLimitRefusal | null> {
  const loan = await tx
    .selectFrom('loans')
    .select('patron_id')
    .where('copy_id', '=', copy.id)
    .where('returned_at', 'is', null)
    .executeTakeFirst();
  const trapped = await tx
    .selectFrom('holds')
    .select('patron_id')
    .where('copy_id', '=', copy.id)
    .where('status', 'in', ['in_transit', 'ready'])
    .executeTakeFirst();
  const refusal = checkoutRefusal(
    {
      status: copy.status,
      referenceOnly: copy.reference_only,
      loanPatronId: loan?.patron_id ?? null,
      trappedForPatronId: trapped?.patron_id ?? null,
      latestIssue: await isLatestIssue(tx, copy.record_id),
    },
    patron.id,
    { blockedReason: patron.blocked_reason, expiresOn: patron.expires_on },
    ctx.today,
  );
  return refusal ?? loanLimitRefusal(await loansOnHand(tx, patron.id), material, ctx.terms.loanLimits, ctx.today);
}

/**
 * Closes the patron's active hold on the record as fulfilled by this loan.
 * When it had trapped another copy, that copy is released: on the hold
 * shelf it is passed to the next hold; in transit it is passed on when it
 * is received.
 */
async function fulfilHold(db: Db, ctx: CirculationContext, patronId: number, copy: Copy): Promise<number | null> {
  const hold = await db
    .selectFrom('holds')
    .select(['id', 'status', 'copy_id', 'pickup_place'])
    .where('patron_id', '=', patronId)
    .where('record_id', '=', copy.record_id)
    .where('status', 'in', ['pending', 'in_transit', 'ready'])
    .forUpdate()
    .executeTakeFirst();
  if (!hold) return null;
  await db
    .updateTable('holds')
    .set({ status: 'fulfilled', copy_id: copy.id, closed_at: ctx.now, closed_reason: 'checked_out' })
    .where('id', '=', hold.id)
    .execute();
  if (hold.status === 'ready' && hold.copy_id !== null && hold.copy_id !== copy.id) {
    const other = await lockCopy(db, { id: hold.copy_id });
    if (other) await trapCopy(db, ctx, other, hold.pickup_place);
  }
  return hold.id;
}

export type CheckinOutcome =
  | { kind: 'unknownCopy' }
  | { kind: 'withdrawn'; title: string }
  | { kind: 'wrongPlace'; title: string; pickupPlace: string }
  | { kind: 'ok'; title: string; barcode: string; event: CheckinEvent; destination: CheckinDestination };

/** What the scan did: closed a loan, received a copy in transit here, or neither (it was not on loan). */
export type CheckinEvent = 'returned' | 'received' | 'notOnLoan';

/**
 * A copy scanned at the desk at `place`: its open loan is closed, and it is
 * trapped for the next hold or sent to the shelf. A copy in transit is
 * received here (see receiveCopy); a copy already on the hold shelf stays
 * there and the page says for whom.
 */
export async function checkin(db: Db, ctx: CirculationContext, input: { barcode: string; place: string }): Promise<CheckinOutcome> {
  return db.transaction().execute(async (tx) => {
    const copy = await lockCopy(tx, { barcode: input.barcode });
    if (!copy) return { kind: 'unknownCopy' };
    const title = await recordTitle(tx, copy.record_id);
    if (copy.status === 'withdrawn') return { kind: 'withdrawn', title };
    if (copy.status === 'in_transit') return receiveLocked(tx, ctx, copy, input.place, title);
    if (copy.status === 'on_hold_shelf') {
      const hold = await activeHoldOfCopy(tx, copy.id);
      if (hold) {
        return { kind: 'ok', title, barcode: copy.barcode, event: 'notOnLoan', destination: { kind: 'alreadyOnHoldShelf', ...hold } };
      }
    }
    const loan = await tx
      .updateTable('loans')
      .set({ returned_at: ctx.now, returned_by: ctx.staffId, return_place: input.place })
      .where('copy_id', '=', copy.id)
      .where('returned_at', 'is', null)
      .returning(['id', 'patron_id'])
      .executeTakeFirst();
    if (loan) await forgetReturnedLoan(tx, { id: loan.id, patronId: loan.patron_id });
    const destination = await trapCopy(tx, ctx, copy, input.place);
    // No patron: a return is where what a patron read stops being the library's business (SPEC §12).
    await audit(tx, ctx, {
      action: 'checkin',
      copyId: copy.id,
      recordId: copy.record_id,
      holdId: 'holdId' in destination ? destination.holdId : null,
      details: { place: input.place, destination: destination.kind, loanId: loan?.id ?? null },
    });
    return { kind: 'ok', title, barcode: copy.barcode, event: loan ? 'returned' : 'notOnLoan', destination };
  });
}

async function activeHoldOfCopy(db: Db, copyId: number): Promise<{ holdId: number; cardNumber: string; pickupPlace: string } | undefined> {
  const row = await db
    .selectFrom('holds')
    .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
    .select(['holds.id', 'holds.pickup_place', 'patrons.card_number'])
    .where('holds.copy_id', '=', copyId)
    .where('holds.status', 'in', ['in_transit', 'ready'])
    .forUpdate('holds')
    .executeTakeFirst();
  return row && { holdId: row.id, cardNumber: row.card_number, pickupPlace: row.pickup_place };
}

export type ReceiveOutcome = CheckinOutcome | { kind: 'notInTransit'; title: string };

/** A copy in transit arrives at `place`: ready there for its hold, or passed on when it has none. */
export async function receiveCopy(db: Db, ctx: CirculationContext, input: { barcode: string; place: string }): Promise<ReceiveOutcome> {
  return db.transaction().execute(async (tx) => {
    const copy = await lockCopy(tx, { barcode: input.barcode });
    if (!copy) return { kind: 'unknownCopy' };
    const title = await recordTitle(tx, copy.record_id);
    if (copy.status !== 'in_transit') return { kind: 'notInTransit', title };
    return receiveLocked(tx, ctx, copy, input.place, title);
  });
}

async function receiveLocked(db: Db, ctx: CirculationContext, copy: Copy, place: string, title: string): Promise<CheckinOutcome> {
  const hold = await activeHoldOfCopy(db, copy.id);
  if (hold && hold.pickupPlace !== place) return { kind: 'wrongPlace', title, pickupPlace: hold.pickupPlace };
  let destination: CheckinDestination;
  if (hold) {
    await makeReady(db, ctx, hold.holdId);
    await db.updateTable('copies').set({ status: 'on_hold_shelf', current_place: place }).where('id', '=', copy.id).execute();
    destination = { kind: 'holdShelf', ...hold };
  } else {
    destination = await trapCopy(db, ctx, copy, place);
  }
  await audit(db, ctx, {
    action: 'receive',
    copyId: copy.id,
    recordId: copy.record_id,
    holdId: 'holdId' in destination ? destination.holdId : null,
    details: { place, destination: destination.kind },
  });
  return { kind: 'ok', title, barcode: copy.barcode, event: 'received', destination };
}

/**
 * When a newer issue of a magazine arrives, the issue before it may be
 * lent: its copies on the shelf are trapped for its pending holds like
 * returned copies. Finds every such copy (so it also catches up after a
 * command-line import); each is trapped in its own transaction. Returns
 * how many copies went to a hold.
 */
export async function trapBackIssues(db: Db, ctx: CirculationContext): Promise<number> {
  const waiting = await db
    .selectFrom('copies as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select('c.id')
    .where('r.material', '=', 'magazine')
    .where('c.status', '=', 'on_shelf')
    .where('c.reference_only', '=', false)
    .where(sql<boolean>`exists (select 1 from holds h where h.record_id = r.id and h.status = 'pending')`)
    .where(newerIssueExists)
    .orderBy('c.id')
    .execute();
  let trapped = 0;
  for (const { id } of waiting) {
    const destination = await db.transaction().execute(async (tx) => {
      const copy = await lockCopy(tx, { id });
      if (copy?.status !== 'on_shelf') return null;
      const result = await trapCopy(tx, ctx, copy, copy.current_place);
      if ('holdId' in result) {
        await audit(tx, ctx, {
          action: 'back-issue-trapped',
          copyId: copy.id,
          recordId: copy.record_id,
          holdId: result.holdId,
          details: { destination: result.kind },
        });
      }
      return result;
    });
    if (destination && 'holdId' in destination) trapped += 1;
  }
  return trapped;
}

/**
 * 予約解除: ready holds whose pickup deadline has passed are expired, and
 * each copy is passed to the next hold or sent back to the shelf. Runs in
 * the caller's transaction (the daily job's, which records the day).
 */
export async function expireOverdueHolds(db: Db, ctx: CirculationContext): Promise<number> {
  const overdue = await db
    .selectFrom('holds')
    .select(['id', 'copy_id'])
    .where('status', '=', 'ready')
    .where('pickup_deadline', '<', ctx.today)
    .orderBy('id')
    .execute();
  let expired = 0;
  for (const candidate of overdue) {
    if (candidate.copy_id === null) continue;
    const copy = await lockCopy(db, { id: candidate.copy_id });
    const hold = await db
      .updateTable('holds')
      .set({ status: 'expired', closed_at: ctx.now, closed_reason: 'not_collected' })
      .where('id', '=', candidate.id)
      .where('status', '=', 'ready')
      .where('pickup_deadline', '<', ctx.today)
      .returning(['patron_id', 'record_id', 'pickup_place', 'pickup_deadline'])
      .executeTakeFirst();
    if (!hold || !copy) continue;
    const destination = await trapCopy(db, ctx, copy, hold.pickup_place);
    await audit(db, ctx, {
      action: 'hold-expired',
      patronId: hold.patron_id,
      copyId: copy.id,
      recordId: hold.record_id,
      holdId: candidate.id,
      details: { deadline: hold.pickup_deadline, copyTo: destination.kind },
    });
    expired += 1;
  }
  return expired;
}

/**
 * The hold was announced by phone: it leaves the call list, the notice date
 * is set, and the deadline counts from the call. False when it was not
 * waiting for a call (already called by another desk).
 */
export async function markCalled(db: Db, ctx: CirculationContext, holdId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const hold = await tx
      .selectFrom('holds')
      .select(['patron_id', 'record_id', 'pickup_deadline', 'pickup_place'])
      .where('id', '=', holdId)
      .where('status', '=', 'ready')
      .where('call_needed', '=', true)
      .where('called_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!hold?.pickup_deadline) return false;
    const deadline = deadlineAfterCall(
      hold.pickup_deadline,
      ctx.today,
      ctx.rules.holdShelfDays,
      calendarAt(ctx.calendar, hold.pickup_place),
    );
    await tx
      .updateTable('holds')
      .set({ called_at: ctx.now, called_by: ctx.staffId, notified_at: ctx.now, pickup_deadline: deadline })
      .where('id', '=', holdId)
      .execute();
    await audit(tx, ctx, { action: 'hold-called', patronId: hold.patron_id, recordId: hold.record_id, holdId, details: { deadline } });
    return true;
  });
}

/** Cancels a patron's active hold at the desk; a copy it had trapped is passed on. False when it was not active. */
export async function cancelHoldAtDesk(db: Db, ctx: CirculationContext, input: { holdId: number; patronId: number }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const seen = await tx
      .selectFrom('holds')
      .select(['copy_id'])
      .where('id', '=', input.holdId)
      .where('patron_id', '=', input.patronId)
      .where('status', 'in', ['pending', 'in_transit', 'ready'])
      .executeTakeFirst();
    if (!seen) return false;
    // The copy first, as everywhere, then the hold.
    const copy = seen.copy_id === null ? undefined : await lockCopy(tx, { id: seen.copy_id });
    const hold = await tx
      .updateTable('holds')
      .set({ status: 'cancelled', closed_at: ctx.now, closed_reason: 'cancelled_by_staff' })
      .where('id', '=', input.holdId)
      .where('status', 'in', ['pending', 'in_transit', 'ready'])
      .where(sql<boolean>`copy_id IS NOT DISTINCT FROM ${seen.copy_id}`)
      .returning(['record_id', 'status', 'pickup_place'])
      .executeTakeFirst();
    if (!hold) return false;
    // A copy on the hold shelf is at the pickup place; one in transit is passed on when it is received.
    if (copy?.status === 'on_hold_shelf') await trapCopy(tx, ctx, copy, hold.pickup_place);
    await audit(tx, ctx, {
      action: 'hold-cancelled',
      patronId: input.patronId,
      recordId: hold.record_id,
      holdId: input.holdId,
      copyId: copy?.id ?? null,
    });
    return true;
  });
}

/** One ready hold on the hold-shelf list. */
export interface ShelfHold {
  holdId: number;
  pickupPlace: string;
  pickupDeadline: CalendarDate;
  title: string;
  barcode: string;
  cardNumber: string;
  patronName: string;
  contact: Database['holds']['contact'];
  notified: boolean;
}

/** Ready holds, by pickup place, those past their deadline first, then by deadline. */
export async function listHoldShelf(db: Db, today: CalendarDate): Promise<(ShelfHold & { expired: boolean })[]> {
  const rows = await shelfQuery(db)
    .where('holds.status', '=', 'ready')
    .orderBy('pickup_places.sort_order')
    .orderBy(sql`holds.pickup_deadline < ${today}`, 'desc')
    .orderBy('holds.pickup_deadline')
    .orderBy('holds.id')
    .execute();
  return rows.map((row) => ({ ...shelfHold(row), expired: row.pickup_deadline! < today }));
}

/** Ready holds waiting for a phone call, oldest first, with the number to call. */
export async function listCalls(db: Db): Promise<(ShelfHold & { phone: string; readyAt: Date })[]> {
  const rows = await shelfQuery(db)
    .select(['patrons.phone', 'holds.ready_at'])
    .where('holds.status', '=', 'ready')
    .where('holds.call_needed', '=', true)
    .where('holds.called_at', 'is', null)
    .orderBy('holds.ready_at')
    .orderBy('holds.id')
    .execute();
  return rows.map((row) => ({ ...shelfHold(row), phone: row.phone, readyAt: row.ready_at! }));
}

function shelfQuery(db: Db) {
  return db
    .selectFrom('holds')
    .innerJoin('patrons', 'patrons.id', 'holds.patron_id')
    .innerJoin('records', 'records.id', 'holds.record_id')
    .innerJoin('copies', 'copies.id', 'holds.copy_id')
    .innerJoin('pickup_places', 'pickup_places.code', 'holds.pickup_place')
    .select([
      'holds.id',
      'holds.pickup_place',
      'holds.pickup_deadline',
      'holds.contact',
      'holds.notified_at',
      'records.title',
      'copies.barcode',
      'patrons.card_number',
      'patrons.name',
    ]);
}

function shelfHold(row: {
  id: number;
  pickup_place: string;
  pickup_deadline: CalendarDate | null;
  contact: Database['holds']['contact'];
  notified_at: Date | null;
  title: string;
  barcode: string;
  card_number: string;
  name: string;
}): ShelfHold {
  return {
    holdId: row.id,
    pickupPlace: row.pickup_place,
    pickupDeadline: row.pickup_deadline!,
    title: row.title,
    barcode: row.barcode,
    cardNumber: row.card_number,
    patronName: row.name,
    contact: row.contact,
    notified: row.notified_at !== null,
  };
}
