/**
 * The demo library: a real-looking catalog (Aozora Bunko works, a few modern
 * books, magazines with a latest issue, CDs and DVDs), copies in every
 * status, and patrons that show every case a newcomer should be able to try.
 * Dates are relative to the clock, so the demo always has an overdue loan,
 * one due soon and a hold waiting on the shelf.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password-hash.ts';
import { nextOpenDay, type LibraryCalendar } from '../calendar/calendar.rules.ts';
import { buildSearchText } from '../catalog/catalog.rules.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { CalendarDate, ContactMethod, Database, Material } from '../db/schema.ts';
import { addDays, libraryDate } from '../time.ts';
import { rememberDemoLibrary } from './demo-fact.ts';
import { demoCardNumber } from './demo-cards.ts';
import { type DemoPlaces, demoPlaces } from './demo-places.ts';
import { seedTimetables } from './demo-timetables.ts';
import { demoPatrons, demoStaff } from './demo-people.ts';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

interface CatalogRow {
  id: string;
  material: Material;
  title: string;
  title_kana: string;
  author: string;
  author_kana: string;
  publisher: string;
  year: string;
  isbn: string;
  subject: string;
  serial: string;
  issue: string;
  issue_date: string;
  barcodes: string;
  av_format?: string;
}

/** Loads the demo library when the database holds no records; true when it did. */
export async function seedDemoIfEmpty(db: Kysely<Database>, config: Config, clock: Clock): Promise<boolean> {
  const existing = await db.selectFrom('records').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await seedDemo(db, config, clock);
  return true;
}

/** Loads the demo library; refuses when demo patrons already exist so it never duplicates them. */
export async function seedDemo(db: Kysely<Database>, config: Config, clock: Clock): Promise<void> {
  const hashes = new Map<string, string>();
  for (const person of [...demoPatrons, ...demoStaff]) {
    if (person.password) hashes.set(person.password, await hashPassword(person.password));
  }
  await db.transaction().execute(async (tx) => {
    const firstCard = demoCardNumber(demoPatrons[0]!.cardNumber, config.rules);
    const already = await tx.selectFrom('patrons').select('id').where('card_number', '=', firstCard).executeTakeFirst();
    if (already) throw new Error(`The demo library is already loaded (demo card ${firstCard} exists).`);
    const places = demoPlaces(config.rules.pickupPlaces);
    const catalog = await loadCatalog(tx, places);
    await loadPeopleAndCirculation(tx, config, clock, { catalog, places }, hashes);
    await seedTimetables(tx, config.rules.pickupPlaces, libraryDate(clock.now(), config.rules.timeZone));
    await rememberDemoLibrary(tx, clock.now());
  });
}

interface SeededRecord {
  id: number;
  material: Material;
  copies: number[];
}

function readCsv(file: string): CatalogRow[] {
  return parse<CatalogRow>(readFileSync(path.join(dataDir, file), 'utf8'), { columns: true, skip_empty_lines: true });
}

/** Inserts every demo title in the files' order, each serial on first sight, and each title's copies right after it. */
async function loadCatalog(db: Kysely<Database>, places: DemoPlaces): Promise<SeededRecord[]> {
  const rows = [...readCsv('aozora-books.csv'), ...readCsv('library-extras.csv')];
  const serials = new Map<string, number>();
  const seeded: SeededRecord[] = [];
  for (const [index, row] of rows.entries()) {
    const serialId = row.material === 'magazine' ? await serialOf(db, row, serials) : null;
    const recordId = await insertRecord(db, row, serialId);
    const copies = await insertCopies(db, row, recordId, index, places);
    seeded.push({ id: recordId, material: row.material, copies });
  }
  return seeded;
}

/** The magazine's serial, inserted the first time one of its issues comes up. */
async function serialOf(db: Kysely<Database>, row: CatalogRow, serials: Map<string, number>): Promise<number> {
  const known = serials.get(row.serial);
  if (known !== undefined) return known;
  const serial = await db
    .insertInto('serials')
    .values({ source_id: `demo-serial-${serials.size + 1}`, title: row.serial, title_kana: row.title_kana })
    .returning('id')
    .executeTakeFirstOrThrow();
  serials.set(row.serial, serial.id);
  return serial.id;
}

async function insertRecord(db: Kysely<Database>, row: CatalogRow, serialId: number | null): Promise<number> {
  const record = await db
    .insertInto('records')
    .values({
      source_id: row.id,
      material: row.material,
      av_format: row.av_format === 'cd' || row.av_format === 'dvd' ? row.av_format : null,
      title: row.title,
      title_kana: row.title_kana,
      author: row.author,
      author_kana: row.author_kana,
      publisher: row.publisher,
      pub_year: row.year ? Number(row.year) : null,
      isbn: row.isbn || null,
      subject: row.subject,
      // The same indexed text an import writes, so the demo catalog is searchable.
      search_text: buildSearchText({
        title: row.title,
        titleKana: row.title_kana,
        author: row.author,
        authorKana: row.author_kana,
        publisher: row.publisher,
        subject: row.subject,
        series: '',
        seriesKana: '',
      }),
      serial_id: serialId,
      issue_label: row.material === 'magazine' ? row.issue : null,
      issue_date: row.material === 'magazine' ? row.issue_date : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return record.id;
}

/** The title's copies in barcode order; `index` is the title's place in the files. */
async function insertCopies(db: Kysely<Database>, row: CatalogRow, recordId: number, index: number, places: DemoPlaces): Promise<number[]> {
  const copies: number[] = [];
  for (const [copyIndex, barcode] of row.barcodes.split(';').entries()) {
    // Every fifth title keeps its second copy at the branch, so checkins
    // there send copies in transit.
    const place = copyIndex === 1 && index % 5 === 0 ? places.branch : places.home;
    const copy = await db
      .insertInto('copies')
      .values({
        barcode,
        record_id: recordId,
        home_place: place,
        current_place: place,
        shelf_mark: shelfMark(row),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    copies.push(copy.id);
  }
  return copies;
}

function shelfMark(row: CatalogRow): string {
  if (row.material === 'magazine') return `雑誌/${row.serial}`;
  if (row.material === 'av') return `AV/${row.av_format?.toUpperCase() ?? ''}`;
  return `913.6/${row.author.slice(0, 1)}`;
}

/** What the demo's circulation steps share: dates relative to the clock, and the patrons by their demo key. */
interface DemoDesk {
  db: Kysely<Database>;
  rules: Config['rules'];
  places: DemoPlaces;
  today: CalendarDate;
  /** The instant `daysAgo` days before now. */
  at: (daysAgo: number) => Date;
  calendar: LibraryCalendar;
  patronIds: Map<string, number>;
  /** Holds are placed minutes apart, in the order the steps place them, so their queue positions are stable. */
  placedMinutes: number;
}

async function loadPeopleAndCirculation(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
  { catalog, places }: { catalog: SeededRecord[]; places: DemoPlaces },
  hashes: Map<string, string>,
): Promise<void> {
  const now = clock.now();
  const today = libraryDate(now, config.rules.timeZone);
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
  // Due dates and deadlines fall on open days, as checkout would have set them.
  const closure = addDays(today, 30);
  const calendar: LibraryCalendar = {
    weeklyClosedDays: config.rules.weeklyClosedDays,
    closedOnNationalHolidays: config.rules.closedOnNationalHolidays,
    holidayOnClosedDay: config.rules.holidayOnClosedDay,
    closures: new Set([closure]),
  };
  const patronIds = await insertPeople(db, config.rules, hashes, at);
  const desk: DemoDesk = { db, rules: config.rules, places, today, at, calendar, patronIds, placedMinutes: 0 };
  const books = catalog.filter((r) => r.material === 'book');
  const avs = catalog.filter((r) => r.material === 'av');
  await lendDemoLoans(desk, books, avs);
  await placeDemoHolds(desk, books, avs);
  await setAsideUnborrowableCopies(db, books);
  await db.insertInto('library_closures').values({ closed_on: closure, closed_until: closure, reason: '館内整理日' }).execute();
}

/** The demo patrons and staff accounts; returns each patron's id by demo key. */
async function insertPeople(
  db: Kysely<Database>,
  rules: Config['rules'],
  hashes: Map<string, string>,
  at: DemoDesk['at'],
): Promise<Map<string, number>> {
  const patronIds = new Map<string, number>();
  for (const p of demoPatrons) {
    const row = await db
      .insertInto('patrons')
      .values({
        card_number: demoCardNumber(p.cardNumber, rules),
        name: p.name,
        name_kana: p.nameKana,
        birth_date: p.birthDate,
        phone: p.phone,
        email: p.email ?? null,
        email_confirmed_at: p.emailState === 'confirmed' || p.emailState === 'undeliverable' ? at(60) : null,
        email_undeliverable_at: p.emailState === 'undeliverable' ? at(3) : null,
        email_undeliverable_reason: p.emailState === 'undeliverable' ? '550 5.1.1 <' + p.email + '>: Recipient address rejected' : null,
        password_hash: p.password ? hashes.get(p.password)! : null,
        legacy_birth_date_password: p.legacyPassword ?? false,
        password_changed_at: p.password ? at(90) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    patronIds.set(p.key, row.id);
  }
  for (const s of demoStaff) {
    await db
      .insertInto('staff')
      .values({ username: s.username, display_name: s.displayName, password_hash: hashes.get(s.password)!, role: s.role })
      .execute();
  }
  return patronIds;
}

/** The record at `index`, wrapping round the list, so the demo's picks hold for a catalog of any size. */
function pick(list: SeededRecord[], index: number): SeededRecord {
  return list[index % list.length]!;
}

function patron(desk: DemoDesk, key: string): number {
  return desk.patronIds.get(key)!;
}

async function lend(desk: DemoDesk, patronKey: string, copyId: number, checkedOutDaysAgo: number, due: CalendarDate, renewals = 0) {
  await desk.db
    .insertInto('loans')
    .values({
      copy_id: copyId,
      patron_id: patron(desk, patronKey),
      checked_out_at: desk.at(checkedOutDaysAgo),
      due_date: nextOpenDay(due, desk.calendar),
      renewals,
      last_renewed_at: renewals > 0 ? desk.at(2) : null,
    })
    .execute();
  await desk.db.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', copyId).execute();
}

/** Lends every copy of a record to the "other readers", so the record is reservable. */
async function lendAll(desk: DemoDesk, record: SeededRecord, offset: number) {
  for (const [i, copyId] of record.copies.entries()) {
    await lend(desk, i % 2 === 0 ? 'reader1' : 'reader2', copyId, 3 + ((offset + i) % 10), addDays(desk.today, 11 - ((offset + i) % 10)));
  }
}

async function place(
  desk: DemoDesk,
  patronKey: string,
  record: SeededRecord,
  contact: ContactMethod,
  pickup = desk.places.home,
  via: 'web' | 'counter' = 'web',
): Promise<number> {
  desk.placedMinutes += 7;
  const row = await desk.db
    .insertInto('holds')
    .values({
      patron_id: patron(desk, patronKey),
      record_id: record.id,
      pickup_place: pickup,
      contact,
      placed_via: via,
      placed_at: new Date(desk.at(20).getTime() + desk.placedMinutes * 60_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** 山田 花子 (01000001) gets every kind of loan; the other readers borrow every copy of some records, so they can be held. */
async function lendDemoLoans(desk: DemoDesk, books: SeededRecord[], avs: SeededRecord[]): Promise<void> {
  const { today } = desk;
  await lend(desk, 'hanako', pick(books, 0).copies[0]!, 20, addDays(today, -6)); // overdue
  await lend(desk, 'hanako', pick(books, 1).copies[0]!, 12, addDays(today, 2)); // due soon
  await lend(desk, 'hanako', pick(books, 2).copies[0]!, 3, addDays(today, 11)); // renewable
  await lend(desk, 'hanako', heldOnLoan(books).copies[0]!, 5, addDays(today, 9)); // someone holds it
  await lend(desk, 'hanako', pick(books, 4).copies[0]!, 16, addDays(today, 12), 1); // renewed already
  await lend(desk, 'hanako', pick(avs, 0).copies[0]!, 4, addDays(today, 10)); // audiovisual

  for (let i = 10; i < 40; i++) await lendAll(desk, pick(books, i), i);
  for (let i = 1; i < 4; i++) await lendAll(desk, pick(avs, i), i);
}

/** The book 山田 花子 has on loan and 佐藤 太郎 holds. */
function heldOnLoan(books: SeededRecord[]): SeededRecord {
  return pick(books, 3);
}

/** Holds in every state: pending, in transit, ready for each contact method, and a patron one short of the limits. */
async function placeDemoHolds(desk: DemoDesk, books: SeededRecord[], avs: SeededRecord[]): Promise<void> {
  await place(desk, 'taro', heldOnLoan(books), 'phone');
  await place(desk, 'hanako', pick(books, 10), 'email', desk.places.station(0));
  await place(desk, 'reader1', pick(books, 11), 'none');
  await place(desk, 'hanako', pick(books, 11), 'email');

  await putInTransit(desk, 'hanako', pick(books, 41), desk.places.station(1));

  // Ready on the hold shelf, one for each contact method.
  await putOnHoldShelf(desk, 'hanako', pick(books, 42), 'email', 2);
  await putOnHoldShelf(desk, 'taro', pick(books, 43), 'phone', 1);
  await putOnHoldShelf(desk, 'reader1', pick(books, 44), 'none', 10); // past its deadline: the daily job expires it

  // 高橋 美咲 (01000004): one short of the limits (9 book holds and 1 audiovisual hold under the default ones).
  const { book, av, total } = desk.rules.holdLimits;
  const avHolds = Math.min(av, 1);
  for (let i = 0; i < Math.min(book, total - avHolds) - 1; i++)
    await place(
      desk,
      'misaki',
      pick(books, 12 + i),
      i % 2 === 0 ? 'email' : 'phone',
      i % 3 === 0 ? desk.places.station(2) : desk.places.home,
      i === 0 ? 'counter' : 'web',
    );
  if (avHolds > 0) await place(desk, 'misaki', pick(avs, 1), 'none');
}

/** A hold in transit to a bookmobile station: its copy has left the main library. */
async function putInTransit(desk: DemoDesk, patronKey: string, record: SeededRecord, pickup: string): Promise<void> {
  const copyId = record.copies[0]!;
  await desk.db.updateTable('copies').set({ status: 'in_transit' }).where('id', '=', copyId).execute();
  const holdId = await place(desk, patronKey, record, 'email', pickup);
  await desk.db
    .updateTable('holds')
    .set({ status: 'in_transit', copy_id: copyId, trapped_at: desk.at(1) })
    .where('id', '=', holdId)
    .execute();
}

/** A hold ready on the hold shelf since `daysAgo`, its patron told unless the contact is a phone call still to make. */
async function putOnHoldShelf(desk: DemoDesk, patronKey: string, record: SeededRecord, contact: ContactMethod, daysAgo: number) {
  const copyId = record.copies[0]!;
  await desk.db.updateTable('copies').set({ status: 'on_hold_shelf' }).where('id', '=', copyId).execute();
  const holdId = await place(desk, patronKey, record, contact);
  const readyAt = desk.at(daysAgo);
  await desk.db
    .updateTable('holds')
    .set({
      status: 'ready',
      copy_id: copyId,
      trapped_at: readyAt,
      ready_at: readyAt,
      notified_at: contact === 'phone' ? null : readyAt,
      call_needed: contact === 'phone',
      pickup_deadline: nextOpenDay(addDays(libraryDate(readyAt, desk.rules.timeZone), desk.rules.holdShelfDays), desk.calendar),
    })
    .where('id', '=', holdId)
    .execute();
}

/** Copies no patron can borrow: lost, withdrawn, reference only. */
async function setAsideUnborrowableCopies(db: Kysely<Database>, books: SeededRecord[]): Promise<void> {
  await db.updateTable('copies').set({ status: 'lost' }).where('id', '=', pick(books, 45).copies[0]!).execute();
  await db.updateTable('copies').set({ status: 'withdrawn' }).where('id', '=', pick(books, 46).copies[0]!).execute();
  await db.updateTable('copies').set({ reference_only: true }).where('id', '=', pick(books, 47).copies[0]!).execute();
}
