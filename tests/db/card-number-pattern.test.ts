/** A library's own card-number pattern decides which patrons the database takes, on PGlite and PostgreSQL (SPEC §11). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/db/database.ts';
import { importPatronFile } from '../../src/patrons/patron.import.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';

const tenDigits = '^2\\d{9}$';

const csv = [
  'card_number,name,name_kana,birth_date,phone,email',
  '2000000001,筑紫 花子,つくし はなこ,1985-04-12,092-111-2222,',
  '２０００－０００－００２,野々下 太郎,ののした たろう,1972-11-03,092 333 4444,',
  '01000001,八桁 番号,はっけた ばんごう,1990-01-02,0921234567,',
].join('\n');

describe.each(databaseKinds)('a 10-digit card pattern on %s', (kind) => {
  let database: AppDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'card-pattern-'));
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports 10-digit cards and skips the default 8-digit form by its line', async () => {
    const file = path.join(dir, 'patrons.csv');
    writeFileSync(file, csv);
    const summary = await importPatronFile(
      database.db,
      file,
      { cardNumberPattern: tenDigits, patronCategories: [] },
      new Date('2026-12-05T10:00:00+09:00'),
    );
    expect(summary.skipped.map((s) => s.line)).toEqual([4]);
    const cards = await database.db.selectFrom('patrons').select('card_number').orderBy('card_number').execute();
    expect(cards.map((c) => c.card_number)).toEqual(['2000000001', '2000000002']);
  });

  it('still refuses a card number no pattern can produce: spaces or full-width characters', async () => {
    const row = { name: '試験', birth_date: '1990-01-02' };
    await expect(
      database.db
        .insertInto('patrons')
        .values({ ...row, card_number: '2000 000001' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      database.db
        .insertInto('patrons')
        .values({ ...row, card_number: '２０００００００３' })
        .execute(),
    ).rejects.toThrow();
  });
});
