/**
 * お気に入り and 新着お知らせ under concurrent requests, on PGlite and
 * PostgreSQL: a patron's lists have limits (SPEC §14), counted under a lock
 * on the patron's row, so requests arriving together (two tabs, a double
 * tap, a script) can never pass the limit between them, and the same title
 * or search sent twice at once is kept once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAlert, alertsOf } from '../../src/alerts/alerts.repo.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { addFavourite, favouriteCount } from '../../src/favourites/favourites.repo.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addPatron, addRecord } from '../support/fixtures.ts';

const now = new Date('2026-12-01T10:00:00+09:00');

describe.each(databaseKinds)("a patron's lists under concurrent requests on %s", (kind) => {
  let database: AppDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(kind, { poolSize: 20 });
  });
  afterEach(() => database.close());

  it('favourites: eight titles added at once to a list one short of its limit of five leave exactly five', async () => {
    const db = database.db;
    const patron = await addPatron(db);
    for (let i = 0; i < 4; i++) expect((await addFavourite(db, patron, await addRecord(db), 5, now)).outcome).toBe('added');
    const records = await Promise.all(Array.from({ length: 8 }, () => addRecord(db)));
    const outcomes = await Promise.all(records.map((record) => addFavourite(db, patron, record, 5, now)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['added', 'full', 'full', 'full', 'full', 'full', 'full', 'full']);
    expect(await favouriteCount(db, patron)).toBe(5);
  });

  it('favourites: the same title added from two tabs at once is marked once', async () => {
    const db = database.db;
    const patron = await addPatron(db);
    const record = await addRecord(db);
    const outcomes = await Promise.all([1, 2, 3].map(() => addFavourite(db, patron, record, 300, now)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['added', 'already', 'already']);
    expect(await favouriteCount(db, patron)).toBe(1);
  });

  it('alerts: six searches saved at once beside a limit of three leave exactly three, and one search sent twice is saved once', async () => {
    const db = database.db;
    const patron = await addPatron(db);
    expect(await addAlert(db, patron, { query: '既存', material: null }, 3, now)).toBe('added');
    const queries = ['宮沢賢治', '夏目漱石', '芥川', '太宰治', '森鷗外', '樋口一葉'];
    const outcomes = await Promise.all(queries.map((query) => addAlert(db, patron, { query, material: 'book' }, 3, now)));
    expect(outcomes.sort()).toEqual(['added', 'added', 'full', 'full', 'full', 'full']);
    expect(await alertsOf(db, patron)).toHaveLength(3);

    const other = await addPatron(db);
    const twice = await Promise.all([1, 2].map(() => addAlert(db, other, { query: '星の王子さま', material: null }, 20, now)));
    expect(twice.sort()).toEqual(['added', 'same']);
    expect(await alertsOf(db, other)).toHaveLength(1);
  });
});
