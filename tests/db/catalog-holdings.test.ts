/**
 * Copies from catalog files (SPEC §11): MARC 852 holdings (binary and
 * MARCXML) at their place with their shelf mark, a record and its copies
 * whole or not at all, commits in chunks, and a rerun that changes nothing;
 * on PGlite and PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/catalog.import.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { holding, ndlRecords, toIso2709, toMarcxml, withControlNumber } from '../support/marc.ts';

const now = new Date('2026-12-01T10:00:00+09:00');
const options = { libraryPlaces: ['main', 'minami'], now };
const workDir = mkdtempSync(path.join(tmpdir(), 'holdings-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Four NDL records: two copies at two places, one at a place no library has, a bad barcode, and a barcode already used. */
function holdingsRecords() {
  const [first, second, third, fourth] = ndlRecords(4);
  first!.fields.push(holding({ b: 'minami', h: '023', i: 'ハ', p: 'H0001' }), holding({ b: 'MAIN', p: 'H0002' }));
  second!.fields.push(holding({ b: 'nowhere', h: '911.56', p: 'H0003' }), holding({ b: 'main', h: '911.56' }));
  third!.fields.push(holding({ b: 'main', p: 'H0004' }), holding({ b: 'main', p: 'bad barcode!' }));
  fourth!.fields.push(holding({ b: 'main', p: 'h0001' }));
  return [first!, second!, third!, fourth!];
}

describe.each(databaseKinds)('copies from catalog files on %s', (kind) => {
  let database: AppDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(() => database.close());

  const copies = () =>
    database.db
      .selectFrom('copies')
      .innerJoin('records', 'records.id', 'copies.record_id')
      .select(['copies.barcode', 'records.source_id', 'copies.home_place', 'copies.current_place', 'copies.shelf_mark', 'copies.status'])
      .orderBy('copies.barcode')
      .execute();
  const sourceIds = async () =>
    (await database.db.selectFrom('records').select('source_id').orderBy('source_id').execute()).map((r) => r.source_id);

  it('makes each 852 with a barcode a copy at its place, rejects a record with a bad or taken barcode whole, and warns of an unknown place', async () => {
    const records = holdingsRecords();
    const ids = records.map((r) => r.fields.find((f) => f[0] === '001')![1]!);
    const file = path.join(workDir, `holdings-${kind}.mrc`);
    writeFileSync(file, toIso2709(records));
    const summary = await importCatalogFile(database.db, file, options);
    expect(summary).toMatchObject({ read: 4, imported: 2, skipped: 2, copiesAdded: 3 });
    expect(summary.rejected).toEqual([
      { position: expect.stringMatching(/^record 3 /), reason: '852 $p barcode "bad barcode!" must be 1 to 32 letters, digits or hyphens' },
      { position: expect.stringMatching(/^record 4 /), reason: expect.stringMatching(/^barcode h0001 is already on record 1 /) },
    ]);
    expect(summary.warnings).toEqual([
      { position: expect.stringMatching(/^record 2 /), reason: '852 $b "nowhere" names no library; copy H0003 goes to main' },
    ]);
    expect(await sourceIds()).toEqual([ids[0], ids[1]].sort());
    expect(await copies()).toEqual([
      { barcode: 'H0001', source_id: ids[0], home_place: 'minami', current_place: 'minami', shelf_mark: '023 ハ', status: 'on_shelf' },
      {
        barcode: 'H0002',
        source_id: ids[0],
        home_place: 'main',
        current_place: 'main',
        shelf_mark: expect.any(String),
        status: 'on_shelf',
      },
      { barcode: 'H0003', source_id: ids[1], home_place: 'main', current_place: 'main', shelf_mark: '911.56', status: 'on_shelf' },
    ]);
  });

  it('changes nothing on a rerun of the binary file or of the same records as MARCXML', async () => {
    const file = path.join(workDir, `rerun-${kind}.mrc`);
    writeFileSync(file, toIso2709(holdingsRecords()));
    await importCatalogFile(database.db, file, options);
    const before = { copies: await copies(), records: await database.db.selectFrom('records').selectAll().orderBy('id').execute() };
    expect(await importCatalogFile(database.db, file, options)).toMatchObject({ imported: 0, updated: 0, unchanged: 2, copiesAdded: 0 });
    const xml = path.join(workDir, `rerun-${kind}.xml`);
    writeFileSync(xml, toMarcxml(holdingsRecords()));
    const fromXml = await importCatalogFile(database.db, xml, options);
    expect(fromXml).toMatchObject({ read: 4, imported: 0, updated: 0, unchanged: 2, skipped: 2, copiesAdded: 0 });
    expect(fromXml.warnings).toHaveLength(1);
    expect({ copies: await copies(), records: await database.db.selectFrom('records').selectAll().orderBy('id').execute() }).toEqual(
      before,
    );
  });

  it('adds a new 852 to a record already imported, and refuses a barcode another record holds', async () => {
    const [first, second] = ndlRecords(2);
    first!.fields.push(holding({ b: 'main', p: 'K0001' }));
    const file = path.join(workDir, `later-${kind}.mrc`);
    writeFileSync(file, toIso2709([first!]));
    await importCatalogFile(database.db, file, options);

    second!.fields.push(holding({ b: 'main', p: 'k0001' }));
    writeFileSync(file, toIso2709([second!]));
    const refused = await importCatalogFile(database.db, file, options);
    expect(refused).toMatchObject({ imported: 0, skipped: 1, copiesAdded: 0 });
    expect(refused.rejected).toEqual([
      { position: expect.stringMatching(/^record 1 /), reason: 'barcode k0001 already belongs to another record' },
    ]);

    first!.fields.push(holding({ b: 'minami', p: 'K0002' }));
    writeFileSync(file, toIso2709([first!]));
    expect(await importCatalogFile(database.db, file, options)).toMatchObject({ imported: 0, unchanged: 1, copiesAdded: 1 });
    expect((await copies()).map((c) => [c.barcode, c.home_place])).toEqual([
      ['K0001', 'main'],
      ['K0002', 'minami'],
    ]);
    expect(await sourceIds()).toHaveLength(1);
  });

  it('commits in chunks of 100: after each one the records so far are in the database for everyone', async () => {
    const [sample] = ndlRecords(1);
    const records = Array.from({ length: 250 }, (_, i) => {
      const record = withControlNumber(sample!, `chunk-${String(i).padStart(4, '0')}`);
      record.fields = record.fields.filter((f) => f[0] !== '020');
      record.fields.push(holding({ b: 'main', p: `C${i}` }));
      return record;
    });
    const file = path.join(workDir, `chunks-${kind}.mrc`);
    writeFileSync(file, toIso2709(records));
    const seen: [number, number, number][] = [];
    const summary = await importCatalogFile(database.db, file, {
      ...options,
      onProgress: async (done, total) => {
        const { count } = await database.db
          .selectFrom('copies')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        seen.push([done, total, Number(count)]);
      },
    });
    expect(summary).toMatchObject({ imported: 250, copiesAdded: 250 });
    expect(seen).toEqual([
      [100, 250, 100],
      [200, 250, 200],
      [250, 250, 250],
    ]);
  });
});
