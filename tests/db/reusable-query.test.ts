/**
 * reusableQuery: a statement compiled once answers each call with that
 * call's values, on PGlite and on PostgreSQL, where it is a named prepared
 * statement (unless DATABASE_TRANSACTION_POOLING); a value that would shape the statement instead of being its
 * parameter is refused.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { AppDatabase } from '../../src/db/database.ts';
import { reusableQuery } from '../../src/db/reusable-query.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { statementRecorder } from '../support/statements.ts';

const patronsNamed = reusableQuery('test_patrons_named', (db, { id, name }: { id: number; name: string }) =>
  db
    .selectFrom('patrons')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where((eb) => eb.or([eb('name', '=', name), eb('id', '=', id)])),
);

describe.each(databaseKinds)('reusableQuery on %s', (kind) => {
  let database: AppDatabase;
  afterEach(async () => database?.close());

  it('runs the statement compiled on the first call with each later call’s values', async () => {
    database = await createTestDatabase(kind);
    const first = await addPatron(database.db, { name: '一人目' });
    const second = await addPatron(database.db, { name: '二人目' });
    expect(await patronsNamed(database.db, { id: first, name: 'x' })).toEqual([{ id: first, name: '一人目' }]);
    expect(await patronsNamed(database.db, { id: second, name: 'x' })).toEqual([{ id: second, name: '二人目' }]);
    expect(await patronsNamed(database.db, { id: -1, name: '二人目' })).toEqual([]);
  });

  // Behind PgBouncer in transaction mode (the `pgbouncer` project) nothing may stay on a server connection.
  const named = kind === 'postgres' && !inject('postgresPoolerUrl');

  it('is prepared under its name on PostgreSQL only, unless behind a transaction pooler', async () => {
    database = await createTestDatabase(kind, { poolSize: 1 });
    const patron = await addPatron(database.db, { name: '準備' });
    await patronsNamed(database.db, { id: patron, name: 'x' });
    expect(await patronsNamed(database.db, { id: patron, name: 'x' })).toEqual([{ id: patron, name: '準備' }]);
    const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(database.db);
    expect(rows.map((r) => r.name)).toEqual(named ? ['test_patrons_named'] : []);
  });

  it('is built once for every transaction it runs in, each with its own values', async () => {
    database = await createTestDatabase(kind);
    const first = await addPatron(database.db, { name: '一人目' });
    const second = await addPatron(database.db, { name: '二人目' });
    let builds = 0;
    const patronNamed = reusableQuery('test_patron_in_transaction', (db, { id }: { id: number }) => {
      builds += 1;
      return db.selectFrom('patrons').select('name').where('id', '=', id).forUpdate();
    });
    const inTransaction = (id: number) => database.db.transaction().execute((tx) => patronNamed(tx, { id }));
    expect(await inTransaction(first)).toEqual([{ name: '一人目' }]);
    expect(await inTransaction(second)).toEqual([{ name: '二人目' }]);
    expect(await patronNamed(database.db, { id: first })).toEqual([{ name: '一人目' }]);
    expect(builds).toBe(1);
  });

  it('builds every call on a db with plugins, so they see each statement', async () => {
    database = await createTestDatabase(kind);
    const patron = await addPatron(database.db, { name: '記録' });
    const recorder = statementRecorder();
    const db = database.db.withPlugin(recorder.plugin);
    await patronsNamed(db, { id: patron, name: 'x' });
    expect(await patronsNamed(db, { id: patron, name: 'y' })).toEqual([{ id: patron, name: '記録' }]);
    expect(recorder.compiled().map((q) => q.parameters)).toEqual([
      [patron, 'x', patron],
      [patron, 'y', patron],
    ]);
  });

  it('refuses a value that does not reach the statement as a parameter', async () => {
    database = await createTestDatabase(kind);
    const shaped = reusableQuery('test_shaped', (db, { id }: { id: number }) =>
      db
        .selectFrom('patrons')
        .select('id')
        .$if(id !== 0, (q) => q.limit(1)),
    );
    await expect(shaped(database.db, { id: 3 })).rejects.toThrow(/id does not reach the statement/);
  });
});
