/**
 * The import commands as an operator runs them (`npm run admin -- …`) on the
 * embedded database: progress on stderr, each bad record or row by its
 * position, warnings, `--encoding`, and `import-copies`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../support/process.ts';
import { holding, ndlRecords, toIso2709 } from '../support/marc.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'admin-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: path.join(dir, 'data'), DEMO: '0' };

describe('the import commands', () => {
  it('import a MARC file with holdings, copies from a CP932 CSV and patrons with --encoding, reporting progress and bad lines', () => {
    const [first, second, third] = ndlRecords(3);
    first!.fields.push(holding({ b: 'minami', h: '023', p: 'A0001' }));
    second!.fields.push(holding({ b: 'nowhere', p: 'A0002' }));
    third!.fields.push(holding({ b: 'main', p: 'no good' }));
    const marcFile = path.join(dir, 'holdings.mrc');
    writeFileSync(marcFile, toIso2709([first!, second!, third!]));
    const catalog = runAdmin(['import-catalog', marcFile], env);
    expect(catalog.output).toContain('3 / 3 records (100%)');
    expect(catalog.output).toMatch(/skipped record 3 \(byte \d+\): 852 \$p barcode "no good"/);
    expect(catalog.output).toMatch(/warning record 2 \(byte \d+\): 852 \$b "nowhere" names no library; copy A0002 goes to main/);
    expect(catalog.output).toContain('read 3, imported 2, updated 0, unchanged 0, skipped 1, copies added 2');
    expect(catalog.status).toBe(0);

    const id = first!.fields.find((f) => f[0] === '001')![1]!;
    const copiesFile = path.join(dir, '所蔵.csv');
    writeFileSync(
      copiesFile,
      iconv.encode(`barcode,record_id,isbn,place,shelf_mark,status\r\nA0003,${id},,main,023 ハ,\r\nA0004,無い本,,,,\r\n`, 'cp932'),
    );
    const copies = runAdmin(['import-copies', copiesFile], env);
    expect(copies.output).toContain('skipped line 3: no record has the id 無い本');
    expect(copies.output).toContain('read 2, added 1, already there 0, skipped 1');
    expect(copies.status).toBe(0);

    const patronsFile = path.join(dir, 'patrons.csv');
    writeFileSync(
      patronsFile,
      iconv.encode('card_number,name,name_kana,birth_date,phone,email\r\n01000101,髙橋 花子,,1985-04-12,0312345678,\r\n', 'cp932'),
    );
    const refused = runAdmin(['import-patrons', patronsFile, '--encoding', 'utf8'], env);
    expect(refused.output).toContain('Error: the file is not valid UTF-8');
    expect(refused.status).toBe(1);
    const patrons = runAdmin(['import-patrons', '--encoding', 'cp932', patronsFile], env);
    expect(patrons.output).toContain('1 / 1 rows (100%)');
    expect(patrons.output).toContain('read 1, imported 1');
    expect(patrons.status).toBe(0);
  }, 180_000);
});
