/**
 * A statement built and compiled once, then run with each call's values.
 * Building and compiling the account page's nested statement with Kysely
 * cost Node more than anything else the page controls.
 */
import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from 'kysely';
import { prepareOnPostgres } from './database.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * `build` gets stand-ins for the values, so each value must reach the
 * statement only as a parameter, never shape it (checked when compiling).
 * A db with plugins builds every call: plugins may rewrite or record each
 * statement (the tests' statement recorder, the load benchmark).
 * `preparedAs` names the statement prepared on PostgreSQL (prepareOnPostgres).
 */
export function reusableQuery<Values extends Record<string, unknown>, Row>(
  preparedAs: string,
  build: (db: Db, values: Values) => Compilable<Row>,
): (db: Db, values: Values) => Promise<Row[]> {
  // Kept by the dialect's adapter, which a transaction shares with its db: a statement run inside transactions compiles once too.
  const compiled = new WeakMap<object, { query: CompiledQuery<Row>; slots: (keyof Values | undefined)[] }>();
  const prepare = (db: Db, values: Values) => {
    const standIns = Object.fromEntries(Object.keys(values).map((key) => [key, Symbol(key)])) as Record<keyof Values, symbol>;
    const query = build(db, standIns as unknown as Values).compile();
    const keyOf = new Map(Object.entries(standIns).map(([key, standIn]) => [standIn as unknown, key as keyof Values]));
    const slots = query.parameters.map((parameter) => keyOf.get(parameter));
    for (const key of keyOf.values()) {
      if (!slots.includes(key)) throw new Error(`reusableQuery: value ${String(key)} does not reach the statement as a parameter`);
    }
    prepareOnPostgres(preparedAs, query.sql);
    return { query, slots };
  };
  return async (db, values) => {
    if (db.getExecutor().plugins.length > 0) {
      const query = build(db, values).compile();
      prepareOnPostgres(preparedAs, query.sql);
      return (await db.executeQuery(query)).rows;
    }
    const { adapter } = db.getExecutor();
    let reusable = compiled.get(adapter);
    if (!reusable) compiled.set(adapter, (reusable = prepare(db, values)));
    const { query, slots } = reusable;
    const parameters = query.parameters.map((parameter, i) => (slots[i] === undefined ? parameter : values[slots[i]]));
    return (await db.executeQuery<Row>({ ...query, parameters, queryId: createQueryId() })).rows;
  };
}
