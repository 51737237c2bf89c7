import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { rememberCount, rememberedCount } from '../../src/catalog/search-counts-memo.ts';
import type { Database } from '../../src/db/schema.ts';

// Never connected: the memo only tells databases apart.
const open = () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });

describe('the remembered counts of searches', () => {
  const main = open();
  const other = open();
  afterAll(async () => {
    await main.destroy();
    await other.destroy();
  });
  const count = { total: 10_000, moreThanTotal: true };

  it('gives a count back only under the stamp it was made under, and only for its own database', () => {
    rememberCount(main, 'し の', 'a', count);
    expect(rememberedCount(main, 'し の', 'a')).toEqual(count);
    expect(
      rememberedCount(main.withPlugin({ transformQuery: (a) => a.node, transformResult: (a) => Promise.resolve(a.result) }), 'し の', 'a'),
    ).toEqual(count);
    expect(rememberedCount(main, 'し の', 'b')).toBeUndefined();
    expect(rememberedCount(main, 'し つ', 'a')).toBeUndefined();
    expect(rememberedCount(other, 'し の', 'a')).toBeUndefined();
    rememberCount(main, 'し の', 'b', { total: 3, moreThanTotal: false });
    expect(rememberedCount(main, 'し の', 'a')).toBeUndefined();
    expect(rememberedCount(main, 'し の', 'b')).toEqual({ total: 3, moreThanTotal: false });
  });

  it('forgets the search least recently used past 2,000 of them', () => {
    for (let i = 0; i < 2000; i++) rememberCount(other, `q${i}`, 's', count);
    // Used again, the first is kept; the second is then the least recently used.
    expect(rememberedCount(other, 'q0', 's')).toEqual(count);
    rememberCount(other, 'q2000', 's', count);
    expect(rememberedCount(other, 'q0', 's')).toEqual(count);
    expect(rememberedCount(other, 'q1', 's')).toBeUndefined();
    expect(rememberedCount(other, 'q2', 's')).toEqual(count);
    expect(rememberedCount(other, 'q2000', 's')).toEqual(count);
  });
});
