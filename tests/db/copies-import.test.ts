/**
 * `import-copies` (SPEC §11): copies for records found by id or ISBN, at a
 * library, with their shelf mark and status; bad rows by line; a rerun
 * changes nothing; on PGlite and PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/catalog.import.ts';
import { importCopyFile } from '../../src/catalog/copies.import.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';

const now = new Date('2026-12-01T10:00:00+09:00');
const libraryPlaces = ['main', 'minami'];
const workDir = mkdtempSync(path.join(tmpdir(), 'copies-import-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const catalog = [
  'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes',
  'r-1,book,こころ,こころ,夏目漱石,なつめそうせき,岩波書店,1927,,,,,,R1-OLD',
  'r-2,book,これからの本の話をしよう,これからのほんのはなしをしよう,萩野正昭,,晶文社,2019,9784794970756,,,,,R2-OLD',
  'r-3,book,同じISBNの本 上,,,,,,4-00-310101-4,,,,,',
  'r-4,book,同じISBNの本 下,,,,,,978-4-00-310101-8,,,,,',
].join('\n');

const copiesCsv = [
  'barcode,record_id,isbn,place,shelf_mark,status',
  'C-0001,r-1,,,913.6 ナ,',
  'C-0002,,4-7949-7075-7,minami,023 ハ,reference_only',
  'c-0003,r-1,,MAIN,,lost',
  'C-0004,r-1,,,,withdrawn',
  'r1-old,r-1,,,,',
  'C 0005,r-1,,,,',
  'C-0006,r-9,,,,',
  'C-0007,,978-4-00-310101-8,,,',
  'C-0008,,,,,',
  'C-0009,r-1,,bm-kita,,',
  'C-0010,r-1,,,,on_loan',
  'c-0001,r-2,,,,',
  'r2-old,r-1,,,,',
  'C-0011,,12345,,,',
].join('\n');

describe.each(databaseKinds)('copies import on %s', (kind) => {
  let database: AppDatabase;
  let file: string;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
    const catalogFile = path.join(workDir, `catalog-${kind}.csv`);
    writeFileSync(catalogFile, catalog);
    await importCatalogFile(database.db, catalogFile, { libraryPlaces, now });
    file = path.join(workDir, `copies-${kind}.csv`);
    writeFileSync(file, copiesCsv);
  });
  afterEach(() => database.close());

  // In barcode order, case aside (the databases' collations differ).
  const copies = async () =>
    (
      await database.db
        .selectFrom('copies')
        .innerJoin('records', 'records.id', 'copies.record_id')
        .select(['copies.barcode', 'records.source_id', 'copies.home_place', 'copies.shelf_mark', 'copies.status', 'copies.reference_only'])
        .execute()
    ).sort((a, b) => a.barcode.toUpperCase().localeCompare(b.barcode.toUpperCase()));

  it('adds the good rows at their library with shelf mark and status, and lists each bad row by its line', async () => {
    const summary = await importCopyFile(database.db, file, { libraryPlaces });
    expect(summary).toMatchObject({ read: 14, added: 4, unchanged: 1 });
    expect(summary.skipped).toEqual([
      { line: 7, error: 'barcode "C 0005" must be 1 to 32 letters, digits or hyphens' },
      { line: 8, error: 'no record has the id r-9' },
      { line: 9, error: '2 records have the ISBN 9784003101018; give the record_id' },
      { line: 10, error: 'record_id or isbn is needed to find the record' },
      { line: 11, error: 'place "bm-kita" is not a library (one of main, minami)' },
      { line: 12, error: 'status must be on_shelf, reference_only, lost, withdrawn (got "on_loan")' },
      { line: 13, error: 'barcode c-0001 already appears on line 2' },
      { line: 14, error: 'barcode r2-old already belongs to another record' },
      { line: 15, error: 'ISBN 12345 is not a valid ISBN-10 or ISBN-13' },
    ]);
    expect(await copies()).toEqual([
      { barcode: 'C-0001', source_id: 'r-1', home_place: 'main', shelf_mark: '913.6 ナ', status: 'on_shelf', reference_only: false },
      { barcode: 'C-0002', source_id: 'r-2', home_place: 'minami', shelf_mark: '023 ハ', status: 'on_shelf', reference_only: true },
      { barcode: 'c-0003', source_id: 'r-1', home_place: 'main', shelf_mark: '', status: 'lost', reference_only: false },
      { barcode: 'C-0004', source_id: 'r-1', home_place: 'main', shelf_mark: '', status: 'withdrawn', reference_only: false },
      { barcode: 'R1-OLD', source_id: 'r-1', home_place: 'main', shelf_mark: '', status: 'on_shelf', reference_only: false },
      { barcode: 'R2-OLD', source_id: 'r-2', home_place: 'main', shelf_mark: '', status: 'on_shelf', reference_only: false },
    ]);
  });

  it('changes nothing when the same file (here saved as CP932) is imported again', async () => {
    await importCopyFile(database.db, file, { libraryPlaces });
    const before = await copies();
    writeFileSync(file, iconv.encode(copiesCsv.replaceAll('\n', '\r\n'), 'cp932'));
    const again = await importCopyFile(database.db, file, { libraryPlaces });
    expect(again).toMatchObject({ read: 14, added: 0, unchanged: 5 });
    expect(again.skipped).toHaveLength(9);
    expect(await copies()).toEqual(before);
  });

  it('refuses a file whose header lacks a column', async () => {
    writeFileSync(file, 'barcode,record_id,isbn,place,status\nC-1,r-1,,,\n');
    await expect(importCopyFile(database.db, file, { libraryPlaces })).rejects.toThrow('the CSV header lacks the column(s) shelf_mark');
    expect(await copies()).toHaveLength(2);
  });
});
