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
    const already = await tx.selectFrom('patrons').select('id').where('card_number', '=', demoPatrons[0]!.cardNumber).executeTakeFirst();
    if (already) throw new Error('The demo library is already loaded (demo card 01000001 exists).');
    const catalog = await loadCatalog(tx);
    await loadPeopleAndCirculation(tx, config, clock, catalog, hashes);
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

async function loadCatalog(db: Kysely<Database>): Promise<SeededRecord[]> {
  const rows = [...readCsv('aozora-books.csv'), ...readCsv('library-extras.csv')];
  const serials = new Map<string, number>();
  const seeded: SeededRecord[] = [];
  for (const [index, row] of rows.entries()) {
    let serialId: number | null = null;
    if (row.material === 'magazine') {
      serialId = serials.get(row.serial) ?? null;
      if (serialId === null) {
        const serial = await db
          .insertInto('serials')
          .values({ source_id: `demo-serial-${serials.size + 1}`, title: row.serial, title_kana: row.title_kana })
          .returning('id')
          .executeTakeFirstOrThrow();
        serialId = serial.id;
        serials.set(row.serial, serialId);
      }
    }
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
    const copies: number[] = [];
    for (const [copyIndex, barcode] of row.barcodes.split(';').entries()) {
      // Every fifth title keeps its second copy at the south branch, so
      // checkins there send copies in transit.
      const place = copyIndex === 1 && index % 5 === 0 ? 'minami' : 'main';
      const copy = await db
        .insertInto('copies')
        .values({
          barcode,
          record_id: record.id,
          home_place: place,
          current_place: place,
          shelf_mark: shelfMark(row),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      copies.push(copy.id);
    }
    seeded.push({ id: record.id, material: row.material, copies });
  }
  return seeded;
}

function shelfMark(row: CatalogRow): string {
  if (row.material === 'magazine') return `雑誌/${row.serial}`;
  if (row.material === 'av') return `AV/${row.av_format?.toUpperCase() ?? ''}`;
  return `913.6/${row.author.slice(0, 1)}`;
}

async function loadPeopleAndCirculation(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
  catalog: SeededRecord[],
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
    closures: new Set([closure]),
  };

  const patronIds = new Map<string, number>();
  for (const p of demoPatrons) {
    const row = await db
      .insertInto('patrons')
      .values({
        card_number: p.cardNumber,
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
  const patron = (key: string) => patronIds.get(key)!;

  const books = catalog.filter((r) => r.material === 'book');
  const avs = catalog.filter((r) => r.material === 'av');
  const pick = (list: SeededRecord[], index: number) => list[index % list.length]!;

  const lend = async (patronKey: string, copyId: number, checkedOutDaysAgo: number, due: CalendarDate, renewals = 0) => {
    await db
      .insertInto('loans')
      .values({
        copy_id: copyId,
        patron_id: patron(patronKey),
        checked_out_at: at(checkedOutDaysAgo),
        due_date: nextOpenDay(due, calendar),
        renewals,
        last_renewed_at: renewals > 0 ? at(2) : null,
      })
      .execute();
    await db.updateTable('copies').set({ status: 'on_loan' }).where('id', '=', copyId).execute();
  };
  /** Lends every copy of a record to the "other readers", so the record is reservable. */
  const lendAll = async (record: SeededRecord, offset: number) => {
    for (const [i, copyId] of record.copies.entries()) {
      await lend(i % 2 === 0 ? 'reader1' : 'reader2', copyId, 3 + ((offset + i) % 10), addDays(today, 11 - ((offset + i) % 10)));
    }
  };
  let placedMinutes = 0;
  const place = async (
    patronKey: string,
    record: SeededRecord,
    contact: ContactMethod,
    pickup = 'main',
    via: 'web' | 'counter' = 'web',
  ) => {
    placedMinutes += 7;
    const row = await db
      .insertInto('holds')
      .values({
        patron_id: patron(patronKey),
        record_id: record.id,
        pickup_place: pickup,
        contact,
        placed_via: via,
        placed_at: new Date(at(20).getTime() + placedMinutes * 60_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  // 山田 花子 (01000001): every kind of loan, pending, in-transit and ready holds.
  await lend('hanako', pick(books, 0).copies[0]!, 20, addDays(today, -6)); // overdue
  await lend('hanako', pick(books, 1).copies[0]!, 12, addDays(today, 2)); // due soon
  await lend('hanako', pick(books, 2).copies[0]!, 3, addDays(today, 11)); // renewable
  const heldOnLoan = pick(books, 3);
  await lend('hanako', heldOnLoan.copies[0]!, 5, addDays(today, 9)); // someone holds it
  await lend('hanako', pick(books, 4).copies[0]!, 16, addDays(today, 12), 1); // renewed already
  await lend('hanako', pick(avs, 0).copies[0]!, 4, addDays(today, 10)); // audiovisual

  for (let i = 10; i < 40; i++) await lendAll(pick(books, i), i);
  for (let i = 1; i < 4; i++) await lendAll(pick(avs, i), i);

  await place('taro', heldOnLoan, 'phone');
  await place('hanako', pick(books, 10), 'email', 'bm-kita');
  await place('reader1', pick(books, 11), 'none');
  await place('hanako', pick(books, 11), 'email');

  // In transit to a bookmobile station: the copy left the main library.
  const transitRecord = pick(books, 41);
  const transitCopy = transitRecord.copies[0]!;
  await db.updateTable('copies').set({ status: 'in_transit' }).where('id', '=', transitCopy).execute();
  const transitHold = await place('hanako', transitRecord, 'email', 'bm-sakura');
  await db
    .updateTable('holds')
    .set({ status: 'in_transit', copy_id: transitCopy, trapped_at: at(1) })
    .where('id', '=', transitHold)
    .execute();

  // Ready on the hold shelf, one for each contact method.
  const ready = async (patronKey: string, record: SeededRecord, contact: ContactMethod, daysAgo: number) => {
    const copyId = record.copies[0]!;
    await db.updateTable('copies').set({ status: 'on_hold_shelf' }).where('id', '=', copyId).execute();
    const holdId = await place(patronKey, record, contact);
    const readyAt = at(daysAgo);
    await db
      .updateTable('holds')
      .set({
        status: 'ready',
        copy_id: copyId,
        trapped_at: readyAt,
        ready_at: readyAt,
        notified_at: contact === 'phone' ? null : readyAt,
        call_needed: contact === 'phone',
        pickup_deadline: nextOpenDay(addDays(libraryDate(readyAt, config.rules.timeZone), config.rules.holdShelfDays), calendar),
      })
      .where('id', '=', holdId)
      .execute();
  };
  await ready('hanako', pick(books, 42), 'email', 2);
  await ready('taro', pick(books, 43), 'phone', 1);
  await ready('reader1', pick(books, 44), 'none', 10); // past its deadline: the daily job expires it

  // 高橋 美咲 (01000004): 9 book holds and 1 audiovisual hold, one short of the limits.
  for (let i = 0; i < 9; i++)
    await place(
      'misaki',
      pick(books, 12 + i),
      i % 2 === 0 ? 'email' : 'phone',
      i % 3 === 0 ? 'bm-minato' : 'main',
      i === 0 ? 'counter' : 'web',
    );
  await place('misaki', pick(avs, 1), 'none');

  // Copies no patron can borrow.
  await db.updateTable('copies').set({ status: 'lost' }).where('id', '=', pick(books, 45).copies[0]!).execute();
  await db.updateTable('copies').set({ status: 'withdrawn' }).where('id', '=', pick(books, 46).copies[0]!).execute();
  await db.updateTable('copies').set({ reference_only: true }).where('id', '=', pick(books, 47).copies[0]!).execute();
  await db.insertInto('library_closures').values({ closed_on: closure, reason: '館内整理日' }).execute();
}
