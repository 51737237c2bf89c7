/** お気に入り: a patron's marked records. Kysely only; `db` first so a transaction can be passed. */
import type { Kysely } from 'kysely';
import { titleWithIssue } from '../catalog/catalog.rules.ts';
import type { Database } from '../db/schema.ts';
import { reservationTitles, type ReservationTitle } from '../holds/holds.repo.ts';

type Db = Kysely<Database>;

export type AddOutcome = 'added' | 'already' | 'full' | 'noRecord';

/**
 * Marks a record for the patron. The patron's row is locked while the list
 * is counted, so two requests at once cannot pass the limit together.
 */
export async function addFavourite(
  db: Db,
  patronId: number,
  recordId: number,
  limit: number,
  now: Date,
): Promise<{ outcome: AddOutcome; title: string }> {
  return db.transaction().execute(async (tx) => {
    const record = await tx.selectFrom('records').select(['title', 'issue_label']).where('id', '=', recordId).executeTakeFirst();
    if (!record) return { outcome: 'noRecord', title: '' };
    const title = titleWithIssue(record.title, record.issue_label);
    await tx.selectFrom('patrons').select('id').where('id', '=', patronId).forUpdate().executeTakeFirst();
    const present = await tx
      .selectFrom('favourites')
      .select('record_id')
      .where('patron_id', '=', patronId)
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    if (present) return { outcome: 'already', title };
    if ((await favouriteCount(tx, patronId)) >= limit) return { outcome: 'full', title };
    await tx.insertInto('favourites').values({ patron_id: patronId, record_id: recordId, added_at: now }).execute();
    return { outcome: 'added', title };
  });
}

/** Unmarks a record; false when it was not marked. */
export async function removeFavourite(db: Db, patronId: number, recordId: number): Promise<boolean> {
  const result = await db.deleteFrom('favourites').where('patron_id', '=', patronId).where('record_id', '=', recordId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function favouriteCount(db: Db, patronId: number): Promise<number> {
  const row = await db
    .selectFrom('favourites')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('patron_id', '=', patronId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A marked record as the list shows it: its title and whether the patron may reserve it now. */
export type Favourite = ReservationTitle & { addedAt: Date; author: string };

/** One page of the patron's favourites, newest first, each with its reservable verdict (the 「カートに入れる」 button's). */
export async function favouritesPageOf(db: Db, patronId: number, page: { limit: number; offset: number }): Promise<Favourite[]> {
  const rows = await db
    .selectFrom('favourites as f')
    .innerJoin('records as r', 'r.id', 'f.record_id')
    .select(['f.record_id', 'f.added_at', 'r.author'])
    .where('f.patron_id', '=', patronId)
    .orderBy('f.added_at', 'desc')
    .orderBy('f.record_id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const titles = await reservationTitles(
    db,
    rows.map((row) => row.record_id),
    patronId,
  );
  return rows.flatMap((row) => {
    const title = titles.get(row.record_id);
    return title ? [{ ...title, addedAt: row.added_at, author: row.author }] : [];
  });
}
