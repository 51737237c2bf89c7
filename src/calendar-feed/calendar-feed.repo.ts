/** The calendar feed's rows and what it lists. Kysely only; `db` first. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { titleWithIssue } from '../catalog/catalog.rules.ts';
import type { Database } from '../db/schema.ts';
import { hashToken } from '../http/session.ts';
import type { FeedHold, FeedLoan } from './calendar-feed.rules.ts';

type Db = Kysely<Database>;

export interface FeedSettings {
  createdAt: Date;
  showTitles: boolean;
}

export async function feedSettings(db: Db, patronId: number): Promise<FeedSettings | null> {
  const row = await db
    .selectFrom('calendar_feeds')
    .select(['created_at', 'show_titles'])
    .where('patron_id', '=', patronId)
    .executeTakeFirst();
  return row ? { createdAt: row.created_at, showTitles: row.show_titles } : null;
}

/** Makes the patron's feed a new URL, returning its token (shown once: only its hash is kept); the old URL stops working. */
export async function resetFeed(db: Db, patronId: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('calendar_feeds')
    .values({ patron_id: patronId, token_hash: hashToken(token), created_at: now })
    .onConflict((oc) => oc.column('patron_id').doUpdateSet({ token_hash: hashToken(token), created_at: now }))
    .execute();
  return token;
}

/** Turns titles in the events on or off; false when the patron has no feed. */
export async function setShowTitles(db: Db, patronId: number, showTitles: boolean): Promise<boolean> {
  const result = await db
    .updateTable('calendar_feeds')
    .set({ show_titles: showTitles })
    .where('patron_id', '=', patronId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteFeed(db: Db, patronId: number): Promise<void> {
  await db.deleteFrom('calendar_feeds').where('patron_id', '=', patronId).execute();
}

/** The feed a token opens, with its patron's locale; undefined for any token no feed has now. */
export async function feedOfToken(db: Db, token: string) {
  return db
    .selectFrom('calendar_feeds as f')
    .innerJoin('patrons as p', 'p.id', 'f.patron_id')
    .select(['f.patron_id as patronId', 'f.show_titles as showTitles', 'p.locale'])
    .where('f.token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

/** The patron's loans out and holds on the hold shelf, as the feed lists them. */
export async function feedItems(db: Db, patronId: number): Promise<{ loans: FeedLoan[]; holds: FeedHold[] }> {
  const loans = await db
    .selectFrom('loans as l')
    .innerJoin('copies as c', 'c.id', 'l.copy_id')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select(['l.due_date', 'r.title', 'r.issue_label'])
    .where('l.patron_id', '=', patronId)
    .where('l.returned_at', 'is', null)
    .orderBy('l.due_date')
    .orderBy('l.id')
    .execute();
  const holds = await db
    .selectFrom('holds as h')
    .innerJoin('records as r', 'r.id', 'h.record_id')
    .select(['h.pickup_deadline', 'h.pickup_stop_on', 'h.pickup_place', 'r.title', 'r.issue_label'])
    .where('h.patron_id', '=', patronId)
    .where('h.status', '=', 'ready')
    .where('h.pickup_deadline', 'is not', null)
    .orderBy('h.pickup_deadline')
    .orderBy('h.id')
    .execute();
  return {
    loans: loans.map((l) => ({ dueDate: l.due_date, title: titleWithIssue(l.title, l.issue_label) })),
    holds: holds.map((h) => ({
      pickupDeadline: h.pickup_deadline!,
      place: h.pickup_place,
      title: titleWithIssue(h.title, h.issue_label),
      stop: h.pickup_stop_on,
    })),
  };
}
