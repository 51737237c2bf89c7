/**
 * The load benchmark's large library, generated inside PostgreSQL with
 * INSERT … SELECT generate_series (minutes, not hours, at full size):
 * patrons, records searchable like imported ones (search_text built as
 * buildSearchText builds it, from Aozora Bunko's vocabulary), one copy each,
 * open loans and pending holds. The first `heavy` patrons each have 10 loans
 * and 11 holds (10 books, 1 audiovisual), no one else holds their loans'
 * titles (so their loans are renewable), and they get the sessions the
 * benchmark signs in with.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { normalizeForSearch } from '../src/catalog/catalog.rules.ts';
import type { Database } from '../src/db/schema.ts';
import { hashToken } from '../src/http/session.ts';
import { offlineCopyTag } from '../src/pwa/account-copy.ts';
import { OFFLINE_COPY_TAG_COOKIE } from '../sw/offline-copy.ts';
import { withoutIndexes } from './bench-database.ts';
import type { Word } from './bench-vocabulary.ts';

export interface LibrarySize {
  patrons: number;
  records: number;
  loans: number;
  holds: number;
  /** Patrons with 10 loans and 11 holds, whom the benchmark signs in as. */
  heavy: number;
}

/** The library (100,000 patrons, 1,000,000 records, 300,000 loans, 200,000 holds) times `scale`. */
export function librarySize(scale: number): LibrarySize {
  const of = (n: number) => Math.max(1, Math.round(n * scale));
  return { patrons: of(100_000), records: of(1_000_000), loans: of(300_000), holds: of(200_000), heavy: Math.min(of(2_000), of(100_000)) };
}

export interface SignedInPatron {
  patronId: number;
  token: string;
  /** The Cookie header the patron's browser sends: the session, and the offline copy's tag the service set beside it. */
  cookie: string;
  csrf: string;
  loanIds: number[];
}

/** Every 50th record is audiovisual (a DVD). */
const AV_EVERY = 50;
const LOANS_EACH = 10;

/** Fills an empty, migrated database; `log` reports each step with its time. */
export async function buildLibrary(
  db: Kysely<Database>,
  words: { titles: Word[]; authors: Word[]; publishers: string[] },
  size: LibrarySize,
  log: (line: string) => void,
): Promise<void> {
  const step = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const { patrons, records, loans, holds, heavy } = size;
  if (heavy * LOANS_EACH > loans || loans > records) throw new Error('the scale leaves too few loans or records');

  await step('vocabulary', async () => {
    await sql`create temporary table bench_titles (n int primary key, title text, reading text, title_norm text, reading_norm text)`.execute(
      db,
    );
    await sql`create temporary table bench_authors (n int primary key, author text, reading text, zone text)`.execute(db);
    const titles = words.titles;
    await sql`insert into bench_titles select * from unnest(
      ${titles.map((_, i) => i)}::int[], ${titles.map((w) => w.text)}::text[], ${titles.map((w) => w.reading)}::text[],
      ${titles.map((w) => normalizeForSearch(w.text))}::text[], ${titles.map((w) => normalizeForSearch(w.reading))}::text[])`.execute(db);
    // The second zone: author, reading and publisher, normalised and joined as buildSearchText joins them.
    const authors = words.authors.map((w, i) => ({ ...w, publisher: words.publishers[i % words.publishers.length]! }));
    await sql`insert into bench_authors select * from unnest(
      ${authors.map((_, i) => i)}::int[], ${authors.map((w) => w.text)}::text[], ${authors.map((w) => w.reading)}::text[],
      ${authors.map((w) => [w.text, w.reading, w.publisher].map(normalizeForSearch).filter(Boolean).join(' '))}::text[])`.execute(db);
  });

  await step(`${patrons} patrons`, () =>
    sql`insert into patrons (card_number, name, birth_date, phone)
      select '0' || lpad(i::text, 7, '0'), '利用者 ' || i, date '1960-01-01' + (i % 20000), '0312345678'
      from generate_series(1, ${patrons}::int) i`.execute(db),
  );

  // Three titles in ten join two works' titles; buildSearchText drops the space between them, so the parts are concatenated.
  await step(`${records} records (search index built after)`, () =>
    withoutIndexes(db, ['records', 'search_postings'], () =>
      sql`insert into records (source_id, material, av_format, title, title_kana, author, author_kana, publisher, pub_year, search_text)
      select 'load-' || i,
        case when i % ${AV_EVERY}::int = 0 then 'av' else 'book' end,
        case when i % ${AV_EVERY}::int = 0 then 'dvd' end,
        t1.title || coalesce(' ' || t2.title, ''), t1.reading || coalesce(' ' || t2.reading, ''),
        a.author, a.reading, '', 1900 + i % 126,
        concat_ws(' ', nullif(t1.title_norm || coalesce(t2.title_norm, ''), ''), nullif(t1.reading_norm || coalesce(t2.reading_norm, ''), '')) || '|' || a.zone
      from generate_series(1, ${records}::int) i
      join bench_titles t1 on t1.n = (i::bigint * 7919) % ${words.titles.length}::int
      left join bench_titles t2 on i % 10 < 3 and t2.n = (i::bigint * 104729) % ${words.titles.length}::int
      join bench_authors a on a.n = (i::bigint * 31) % ${words.authors.length}::int
      order by i`.execute(db),
    ),
  );

  // Record ids are 1…records in a new database; the first `loans` records' copies are the ones lent.
  await step(`${records} copies`, () =>
    sql`insert into copies (barcode, record_id, home_place, current_place, status)
      select 'L' || id, id, 'main', 'main', case when id <= ${loans}::int then 'on_loan' else 'on_shelf' end
      from records order by id`.execute(db),
  );

  // Loans 1…heavy×10 go ten each to the heavy patrons; the rest are spread over everyone else.
  await step(`${loans} loans`, () =>
    sql`insert into loans (copy_id, patron_id, checked_out_at, due_date)
      select c.id,
        case when c.record_id <= ${heavy * LOANS_EACH}::int then (c.record_id - 1) / ${LOANS_EACH}::int + 1
             else ${heavy}::int + 1 + c.record_id % greatest(${patrons - heavy}::int, 1) end,
        now() - interval '10 days', current_date + (c.record_id % 17) + 1
      from copies c where c.status = 'on_loan' order by c.id`.execute(db),
  );

  // Holds are on lent titles other than the heavy patrons' loans: ten books and one DVD each for the heavy patrons, the rest spread out.
  const free = loans - heavy * LOANS_EACH;
  await step(`${holds} holds`, async () => {
    await sql`insert into holds (patron_id, record_id, pickup_place, contact, placed_via, placed_at)
      select distinct on (p, r) p, r, 'main', 'none', 'web', now() - (p * 11 + j) * interval '1 minute'
      from (
        select p, j,
          case when j < 10
            then ${heavy * LOANS_EACH}::int + 1 + ((p::bigint * 7919 + j * 104729) % ${free}::int)
            else ${AV_EVERY}::int * (${heavy * LOANS_EACH}::int / ${AV_EVERY}::int + 1 + (p % greatest(${Math.floor(free / AV_EVERY)}::int, 1)))
          end as pick
        from generate_series(1, ${heavy}::int) p, generate_series(0, 10) j
      ) picks, lateral (select case when j < 10 and pick % ${AV_EVERY}::int = 0 then pick + 1 else pick end as r) book`.execute(db);
    await sql`insert into holds (patron_id, record_id, pickup_place, contact, placed_via, placed_at)
      select distinct on (p, r) p, r, 'main', 'none', 'web', now() - (k % 10000) * interval '1 minute'
      from (
        select k, ${heavy}::int + 1 + k % greatest(${patrons - heavy}::int, 1) as p,
          ${heavy * LOANS_EACH}::int + 1 + ((k::bigint * 7919) % ${free}::int) as r
        from generate_series(1, ${Math.max(holds - heavy * 11, 0)}::int) k
      ) picks
      on conflict do nothing`.execute(db);
  });
  // As autovacuum leaves a library's server: adding the copies rewrote every record (their OAI datestamps), and the planner needs the visibility map.
  await step('vacuum and analyze', () => sql`vacuum analyze`.execute(db));
}

/**
 * Undoes a previous run's changes to a kept library: its sessions (and so
 * its carts) and the heavy patrons' renewals, so their loans are renewable
 * again with the due dates buildLibrary gave them.
 */
export async function resetLibrary(db: Kysely<Database>, size: LibrarySize): Promise<void> {
  await db.deleteFrom('sessions').execute();
  await sql`update loans l set renewals = 0, due_date = current_date + (c.record_id % 17) + 1
    from copies c where c.id = l.copy_id and l.patron_id <= ${size.heavy}::int`.execute(db);
}

/** Titles lent to other patrons (not the heavy patrons' own loans): what a heavy patron would put in the cart to reserve. */
export function reservableRecords(db: Kysely<Database>, size: LibrarySize): Promise<{ id: number }[]> {
  return db
    .selectFrom('records')
    .select('id')
    .where('id', '>', size.heavy * 10)
    .where('id', '<=', size.loans)
    .limit(5000)
    .execute();
}

/** Signs the heavy patrons in: a session row each (the cookie is the token whose SHA-256 is its id). */
export async function signInHeavyPatrons(db: Kysely<Database>, size: LibrarySize): Promise<SignedInPatron[]> {
  const now = new Date();
  const signedIn: SignedInPatron[] = [];
  for (let patronId = 1; patronId <= size.heavy; patronId++) {
    const token = randomBytes(32).toString('base64url');
    // Without the tag a browser keeps, every response would set it again, which no patron's second page does.
    const cookie = `session=${token}; ${OFFLINE_COPY_TAG_COOKIE}=${offlineCopyTag(hashToken(token))}`;
    signedIn.push({ patronId, token, cookie, csrf: randomBytes(32).toString('base64url'), loanIds: [] });
  }
  for (let i = 0; i < signedIn.length; i += 1000) {
    await db
      .insertInto('sessions')
      .values(
        signedIn.slice(i, i + 1000).map((s) => ({
          id: hashToken(s.token),
          patron_id: s.patronId,
          staff_id: null,
          csrf_token: s.csrf,
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(now.getTime() + 12 * 3_600_000),
        })),
      )
      .execute();
  }
  const loans = await db
    .selectFrom('loans')
    .select(['id', 'patron_id'])
    .where('patron_id', '<=', size.heavy)
    .where('returned_at', 'is', null)
    .$narrowType<{ patron_id: number }>()
    .orderBy('id')
    .execute();
  for (const loan of loans) signedIn[loan.patron_id - 1]!.loanIds.push(loan.id);
  return signedIn;
}
