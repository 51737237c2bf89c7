/**
 * The reservations' queries: a patron's holds counted against the limits,
 * placing a confirmation's holds under the patron's row lock, the hold lists
 * with queue positions, and the patron's cancel and change.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { findRecordDetail, findRecordDetails, type RecordDetail } from '../catalog/catalog.repo.ts';
import { ACTIVE_IN_STATEMENT } from './active-holds.ts';
import { type PatronRefusal, patronRefusal, type PatronStanding, readyNotice } from '../circulation/circulation.rules.ts';
import { libraryDate } from '../time.ts';
import { type Reservability, reservability } from '../catalog/catalog.rules.ts';
import type { Clock } from '../clock.ts';
import type { LibraryRules } from '../config.ts';
import { circulationTerms, type CirculationTerms } from '../patrons/patron-category.rules.ts';
import type { CalendarDate, ContactMethod, Database, Material, PatronsTable, PlacedVia } from '../db/schema.ts';
import {
  contactMethodsFor,
  decidePlacements,
  type EmailState,
  type HoldLimits,
  type LimitUsage,
  NO_USAGE,
  PATRON_CHANGEABLE,
  type PlacementDecision,
  pickupChangeAllowed,
  type RefusalReason,
} from './holds.rules.ts';
import { isSuspended, type SeriesPlace, seriesPlaces } from './hold-queue.rules.ts';

type Db = Kysely<Database>;

/** The patron's active holds from every channel, counted as the limits count them. */
export async function activeHoldUsage(db: Db, patronId: number): Promise<LimitUsage> {
  return holdUsageOf(await activeHoldsByMaterial(db, patronId).execute());
}

/** The patron's active holds counted by material: a query, so another statement can carry it. */
export function activeHoldsByMaterial(db: Db, patronId: number) {
  return db
    .selectFrom('holds as h')
    .innerJoin('records as r', 'r.id', 'h.record_id')
    .select(['r.material', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('h.patron_id', '=', patronId)
    .where('h.status', 'in', ACTIVE_IN_STATEMENT)
    .groupBy('r.material');
}

/** Counts by material (activeHoldsByMaterial's rows) as the limits count them. */
export function holdUsageOf(rows: { material: Material; n: number | string }[]): LimitUsage {
  return rows.reduce((usage, row) => {
    const n = Number(row.n);
    return row.material === 'av'
      ? { ...usage, av: usage.av + n, total: usage.total + n }
      : { ...usage, book: usage.book + n, total: usage.total + n };
  }, NO_USAGE);
}

function emailStateOf(row: Pick<Selectable<PatronsTable>, 'email' | 'email_confirmed_at' | 'email_undeliverable_at'>): EmailState {
  return { email: row.email, confirmed: row.email_confirmed_at !== null, undeliverable: row.email_undeliverable_at !== null };
}

/** What step ⑤ shows of the patron: the card number (【お名前】), what decides the contact methods, and the card's standing. */
export async function patronForReservation(
  db: Db,
  patronId: number,
): Promise<{ cardNumber: string; email: EmailState; standing: PatronStanding } | null> {
  const row = await db
    .selectFrom('patrons')
    .select(['card_number', 'email', 'email_confirmed_at', 'email_undeliverable_at', 'blocked_reason', 'expires_on'])
    .where('id', '=', patronId)
    .executeTakeFirst();
  return row
    ? { cardNumber: row.card_number, email: emailStateOf(row), standing: { blockedReason: row.blocked_reason, expiresOn: row.expires_on } }
    : null;
}

export interface PickupPlaceOption {
  code: string;
  nameJa: string;
  nameEn: string;
}

/** The places offered for pickup, in the configured order (counters first, then the 「BM」 stations as listed). */
export async function offeredPickupPlaces(db: Db): Promise<PickupPlaceOption[]> {
  const rows = await db
    .selectFrom('pickup_places')
    .select(['code', 'name_ja', 'name_en'])
    .where('active', '=', true)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, nameJa: r.name_ja, nameEn: r.name_en }));
}

/** A title of the cart or of a confirmation, with whether the patron may reserve it now. */
export interface ReservationTitle {
  recordId: number;
  title: string;
  material: Material;
  reservability: Reservability;
}

/** The title and the catalog's reservable verdict for one record and patron; null when the record is gone. */
export async function reservationTitle(db: Db, recordId: number, patronId: number | null): Promise<ReservationTitle | null> {
  const record = await findRecordDetail(db, recordId, patronId);
  return record ? reservationTitleOf(record) : null;
}

/** The same for several records, read in one statement; a record that is gone has no entry. */
export async function reservationTitles(db: Db, recordIds: number[], patronId: number | null): Promise<Map<number, ReservationTitle>> {
  const records = await findRecordDetails(db, recordIds, patronId);
  return new Map(records.map((record) => [record.id, reservationTitleOf(record)]));
}

function reservationTitleOf(record: RecordDetail): ReservationTitle {
  return {
    recordId: record.id,
    title: record.issueLabel ? `${record.title} ${record.issueLabel}` : record.title,
    material: record.material,
    reservability: reservability({
      material: record.material,
      latestIssue: record.latestIssue,
      copies: record.copies,
      patron: record.patron,
    }),
  };
}

/** One title of a result page (⑧), as stored with the confirmation's idempotency key. */
export type ResultItem =
  | { recordId: number; title: string | null; outcome: 'placed'; position: number }
  | { recordId: number; title: string | null; outcome: 'refused'; reason: RefusalReason };

export interface ReservationResult {
  pickup: string;
  contact: ContactMethod;
  items: ResultItem[];
}

export interface PlaceRequest {
  patronId: number;
  /** The session whose cart loses the placed titles. */
  sessionId: string;
  key: string;
  recordIds: number[];
  pickup: string;
  contact: ContactMethod;
  /** The library's time zone (a card expires at the end of its day there) and hold limits, which the patron's category may change. */
  rules: Pick<LibraryRules, 'timeZone' | 'patronCategories'> & CirculationTerms;
  clock: Clock;
  /** `counter` when staff place the hold for the patron at the desk (default `web`). */
  placedVia?: PlacedVia;
  /** The staff member who placed a counter hold. */
  placedBy?: number;
  /** 予約の有効期限 for every hold of this confirmation (SPEC §14). */
  needBy?: CalendarDate | null;
  /** 順番予約: the placed holds are made ready in the request's order. */
  inOrder?: boolean;
}

export type PlaceOutcome =
  { kind: 'placed' | 'replayed'; result: ReservationResult } | { kind: 'foreignKey' } | { kind: 'contactUnavailable' };

/** Thrown inside the transaction to roll it back when another patron's confirmation took the key meanwhile. */
class KeyTaken extends Error {}

/**
 * Places a confirmation's holds, once. Everything happens in one transaction
 * that first locks the patron's row: concurrent confirmations of the same
 * patron queue behind it, so the limits are counted on committed holds and a
 * retry of the same key finds the stored result instead of placing again.
 * The records are locked too (in id order, after the patron, so two
 * transactions never wait on each other in a circle): two patrons racing
 * for the same title get positions 1 and 2, never two 1s.
 */
export async function placeHolds(db: Db, request: PlaceRequest): Promise<PlaceOutcome> {
  try {
    return await db.transaction().execute(async (tx) => {
      const patron = await lockPatron(tx, request.patronId);
      const earlier = await earlierConfirmation(tx, request);
      if (earlier) return earlier;
      if (!contactMethodsFor(emailStateOf(patron)).includes(request.contact)) return { kind: 'contactUnavailable' };
      const standing = patronRefusal(
        { blockedReason: patron.blocked_reason, expiresOn: patron.expires_on },
        libraryDate(request.clock.now(), request.rules.timeZone),
      );
      const limits = circulationTerms(request.rules, patron.category).holdLimits;
      const { titles, decisions } = await checkLimits(tx, request, limits, standing);
      // Read after the locks: a later placement never gets an earlier time than one it waited for.
      const now = request.clock.now();
      const items = await insertHolds(tx, request, titles, decisions, now);
      const placed = items.filter((item) => item.outcome === 'placed').map((item) => item.recordId);
      if (placed.length > 0)
        await tx.deleteFrom('cart_items').where('session_id', '=', request.sessionId).where('record_id', 'in', placed).execute();
      const result: ReservationResult = { pickup: request.pickup, contact: request.contact, items };
      await saveConfirmation(tx, request, result, now);
      return { kind: 'placed', result };
    });
  } catch (error) {
    if (error instanceof KeyTaken) return { kind: 'foreignKey' };
    throw error;
  }
}

/** The result stored under a confirmation's key, for the patron who confirmed it; null for anyone else or no such key. */
export async function confirmationResult(db: Db, key: string, patronId: number): Promise<ReservationResult | null> {
  const stored = await db
    .selectFrom('reservation_confirmations')
    .select('result')
    .where('key', '=', key)
    .where('patron_id', '=', patronId)
    .executeTakeFirst();
  return stored?.result ? (stored.result as ReservationResult) : null;
}

/** The outcome already stored under this key: the same patron's result again, or another patron's key. */
async function earlierConfirmation(tx: Db, request: PlaceRequest): Promise<PlaceOutcome | null> {
  const stored = await tx
    .selectFrom('reservation_confirmations')
    .select(['patron_id', 'result'])
    .where('key', '=', request.key)
    .executeTakeFirst();
  if (!stored) return null;
  return stored.patron_id === request.patronId && stored.result
    ? { kind: 'replayed', result: stored.result as ReservationResult }
    : { kind: 'foreignKey' };
}

/**
 * Locks the requested records (in id order) and decides each against the
 * patron's committed holds and the limits; the titles come back with the
 * decisions because the result page names every title, placed or refused.
 */
async function checkLimits(tx: Db, request: PlaceRequest, limits: HoldLimits, standing: PatronRefusal | null) {
  const usage = await activeHoldUsage(tx, request.patronId);
  await tx.selectFrom('records').select('id').where('id', 'in', request.recordIds).orderBy('id').forNoKeyUpdate().execute();
  const titles = await reservationTitles(tx, request.recordIds, request.patronId);
  const decisions = decidePlacements(
    usage,
    request.recordIds.map((recordId) => ({
      recordId,
      material: titles.get(recordId)?.material ?? null,
      reservability: titles.get(recordId)?.reservability ?? null,
    })),
    limits,
  );
  // A blocked or expired card places nothing; each title says why, as the result page shows it.
  return {
    titles,
    decisions: standing ? decisions.map((d) => ({ recordId: d.recordId, place: false as const, reason: standing })) : decisions,
  };
}

/** Inserts a hold for each title decided for, in the cart's order, and reads its queue position right after. */
async function insertHolds(
  tx: Db,
  request: PlaceRequest,
  titles: Map<number, ReservationTitle | null>,
  decisions: PlacementDecision[],
  now: Date,
): Promise<ResultItem[]> {
  const items: ResultItem[] = [];
  const places = seriesPlaces(decisions.filter((d) => d.place).length, request.inOrder ?? false);
  let earlier: number | null = null;
  for (const decision of decisions) {
    const title = titles.get(decision.recordId)?.title ?? null;
    if (!decision.place) {
      items.push({ recordId: decision.recordId, title, outcome: 'refused', reason: decision.reason });
      continue;
    }
    const hold = await tx
      .insertInto('holds')
      .values({
        patron_id: request.patronId,
        record_id: decision.recordId,
        pickup_place: request.pickup,
        contact: request.contact,
        placed_via: request.placedVia ?? 'web',
        placed_by: request.placedBy ?? null,
        placed_at: now,
        need_by: request.needBy ?? null,
        ...seriesColumns(places.shift() ?? null, earlier),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    earlier = hold.id;
    items.push({ recordId: decision.recordId, title, outcome: 'placed', position: await queuePosition(tx, hold.id) });
  }
  return items;
}

/** A hold's series columns: its place, and the hold placed just before it in the series (none for the first). */
function seriesColumns(place: SeriesPlace | null, earlier: number | null) {
  if (!place) return {};
  return { series_position: place.position, series_size: place.size, series_after: place.position === 1 ? null : earlier };
}

/** Stores the result under its key; another patron's confirmation having taken the key meanwhile rolls all back. */
async function saveConfirmation(tx: Db, request: PlaceRequest, result: ReservationResult, now: Date) {
  const saved = await tx
    .insertInto('reservation_confirmations')
    .values({ key: request.key, patron_id: request.patronId, created_at: now, result: JSON.stringify(result) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!saved) throw new KeyTaken();
}

/** Locks the patron's row for the rest of the transaction: the one place reservations of a patron serialise. */
async function lockPatron(tx: Db, patronId: number) {
  return tx
    .selectFrom('patrons')
    .select(['id', 'email', 'email_confirmed_at', 'email_undeliverable_at', 'blocked_reason', 'expires_on', 'category'])
    .where('id', '=', patronId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Position in the record's queue: pending holds placed before it (ties by id), plus one. */
function positionOf(hold: 'h') {
  return sql<number>`(select count(*) from holds q where q.record_id = ${sql.ref(`${hold}.record_id`)} and q.status = 'pending'
    and (q.placed_at, q.id) <= (${sql.ref(`${hold}.placed_at`)}, ${sql.ref(`${hold}.id`)}))`;
}

async function queuePosition(db: Db, holdId: number): Promise<number> {
  const row = await db.selectFrom('holds as h').select(positionOf('h').as('position')).where('h.id', '=', holdId).executeTakeFirstOrThrow();
  return Number(row.position);
}

/** A row of 予約中一覧 or 予約確保一覧. */
export interface HoldRow {
  id: number;
  title: string;
  status: 'pending' | 'in_transit' | 'ready';
  placedAt: Date;
  pickupPlace: string;
  pickupJa: string;
  pickupEn: string;
  contact: ContactMethod;
  /** メール chosen, but the mail cannot arrive (no confirmed address, or it bounces): the library phones instead. */
  phonedForMail: boolean;
  /** In the record's queue; null unless pending. */
  position: number | null;
  pickupDeadline: CalendarDate | null;
  /** 次の停車日: at a 「BM」 station, the stop the ready copy rides to; null elsewhere. */
  pickupStop: CalendarDate | null;
  /** 保留: the day the hold comes back into the queue; null when it never was suspended or was resumed. */
  suspendedUntil: CalendarDate | null;
  /** 予約の有効期限, or null. */
  needBy: CalendarDate | null;
  /** 順番予約 2/3, or null outside a series. */
  series: SeriesPlace | null;
}

export interface HoldLists {
  waiting: HoldRow[];
  ready: HoldRow[];
}

function holdRows(db: Db, patronId: number) {
  return db
    .selectFrom('holds as h')
    .innerJoin('records as r', 'r.id', 'h.record_id')
    .innerJoin('pickup_places as p', 'p.code', 'h.pickup_place')
    .innerJoin('patrons as pa', 'pa.id', 'h.patron_id')
    .select([
      'h.id',
      'h.status',
      'h.placed_at',
      'h.pickup_place',
      'h.contact',
      'h.pickup_deadline',
      'h.pickup_stop_on',
      'h.suspended_until',
      'h.need_by',
      'h.series_position',
      'h.series_size',
      'r.title',
      'r.issue_label',
      'p.name_ja',
      'p.name_en',
      sql<number | null>`case when h.status = 'pending' then ${positionOf('h')} end`.as('position'),
      sql<string | null>`case when pa.email_confirmed_at is not null then pa.email end`.as('confirmed_email'),
      sql<boolean>`pa.email_undeliverable_at is not null`.as('mail_undeliverable'),
    ])
    .where('h.patron_id', '=', patronId)
    .orderBy('h.placed_at')
    .orderBy('h.id');
}

type HoldRowRow = Awaited<ReturnType<ReturnType<typeof holdRows>['execute']>>[number];

/** A row of holdRows as a HoldRow on the library's date `today`; nested in JSON its time arrives as text. */
function toHoldRow(row: Omit<HoldRowRow, 'placed_at'> & { placed_at: Date | string }, today: CalendarDate): HoldRow {
  return {
    id: row.id,
    title: row.issue_label ? `${row.title} ${row.issue_label}` : row.title,
    status: row.status as HoldRow['status'],
    placedAt: new Date(row.placed_at),
    pickupPlace: row.pickup_place,
    pickupJa: row.name_ja,
    pickupEn: row.name_en,
    contact: row.contact,
    phonedForMail:
      row.contact === 'email' &&
      readyNotice(row.contact, { confirmedEmail: row.confirmed_email, undeliverable: row.mail_undeliverable }).kind === 'call',
    position: row.position === null ? null : Number(row.position),
    pickupDeadline: row.pickup_deadline,
    pickupStop: row.pickup_stop_on,
    // A suspension whose day has come is over, whether or not anyone has cleared it.
    suspendedUntil: isSuspended(row.suspended_until, today) ? row.suspended_until : null,
    needBy: row.need_by,
    series: row.series_position !== null && row.series_size !== null ? { position: row.series_position, size: row.series_size } : null,
  };
}

/** The patron's active holds in the order the lists show them: run by holdLists, or nested in the account page's statement. */
export function activeHoldsQuery(db: Db, patronId: number) {
  return holdRows(db, patronId).where('h.status', 'in', ACTIVE_IN_STATEMENT);
}

/** activeHoldsQuery's rows as 予約中一覧 (pending and in transit) and 予約確保一覧 (ready). */
export function toHoldLists(rows: Parameters<typeof toHoldRow>[0][], today: CalendarDate): HoldLists {
  const holds = rows.map((row) => toHoldRow(row, today));
  return { waiting: holds.filter((r) => r.status !== 'ready'), ready: holds.filter((r) => r.status === 'ready') };
}

/** The patron's 予約中一覧 and 予約確保一覧. */
export async function holdLists(db: Db, patronId: number, today: CalendarDate): Promise<HoldLists> {
  return toHoldLists(await activeHoldsQuery(db, patronId).execute(), today);
}

/** The patron's holds among `ids` that the patron may cancel or change; null unless every id is one. */
export async function changeableHolds(db: Db, patronId: number, ids: number[], today: CalendarDate): Promise<HoldRow[] | null> {
  const rows = await holdRows(db, patronId).where('h.id', 'in', ids).where('h.status', 'in', PATRON_CHANGEABLE).execute();
  return rows.length === ids.length ? rows.map((row) => toHoldRow(row, today)) : null;
}

/** Locks and returns the patron's changeable holds among `ids`; null unless every id is one (then nothing may change). */
async function lockChangeable(tx: Db, patronId: number, ids: number[]) {
  const rows = await tx
    .selectFrom('holds')
    .select(['id', 'status', 'pickup_place'])
    .where('id', 'in', ids)
    .where('patron_id', '=', patronId)
    .where('status', 'in', PATRON_CHANGEABLE)
    .forUpdate()
    .execute();
  return rows.length === ids.length ? rows : null;
}

/** Cancels the patron's holds `ids`, all or none: a ready hold or another patron's among them changes nothing. */
export async function cancelHolds(db: Db, patronId: number, ids: number[], now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await lockPatron(tx, patronId);
    if (!(await lockChangeable(tx, patronId, ids))) return false;
    await tx
      .updateTable('holds')
      .set({ status: 'cancelled', closed_at: now, closed_reason: 'cancelled by patron (web)' })
      .where('id', 'in', ids)
      .execute();
    return true;
  });
}

export type ChangeOutcome = 'changed' | 'invalid' | 'transitPickup' | 'contactUnavailable';

/** Sets the pickup place and contact method of the patron's holds `ids`, all or none. */
export async function changeHolds(db: Db, patronId: number, ids: number[], pickup: string, contact: ContactMethod): Promise<ChangeOutcome> {
  return db.transaction().execute(async (tx): Promise<ChangeOutcome> => {
    const patron = await lockPatron(tx, patronId);
    const holds = await lockChangeable(tx, patronId, ids);
    if (!holds) return 'invalid';
    const changeable = holds.map((h) => ({ status: h.status as 'pending' | 'in_transit', pickupPlace: h.pickup_place }));
    if (!pickupChangeAllowed(changeable, pickup)) return 'transitPickup';
    if (!contactMethodsFor(emailStateOf(patron)).includes(contact)) return 'contactUnavailable';
    await tx.updateTable('holds').set({ pickup_place: pickup, contact }).where('id', 'in', ids).execute();
    return 'changed';
  });
}

/**
 * Suspends (`until` a date) or resumes (`until` null) the patron's holds
 * `ids`, all or none: every one must be the patron's and pending. The
 * records are locked first, as checkin locks them before choosing a hold,
 * so a copy is never trapped for a hold suspended in the same moment.
 */
export async function setSuspension(db: Db, patronId: number, ids: number[], until: CalendarDate | null): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const records = await tx.selectFrom('holds').select('record_id').where('id', 'in', ids).where('patron_id', '=', patronId).execute();
    const recordIds = [...new Set(records.map((r) => r.record_id))];
    if (recordIds.length > 0) {
      await tx.selectFrom('records').select('id').where('id', 'in', recordIds).orderBy('id').forNoKeyUpdate().execute();
    }
    const pending = await tx
      .selectFrom('holds')
      .select('id')
      .where('id', 'in', ids)
      .where('patron_id', '=', patronId)
      .where('status', '=', 'pending')
      .forUpdate()
      .execute();
    if (pending.length !== ids.length) return false;
    await tx.updateTable('holds').set({ suspended_until: until }).where('id', 'in', ids).execute();
    return true;
  });
}
