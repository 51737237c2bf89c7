/** CSV bytes to text: UTF-8 with or without BOM, CP932 detected, `--encoding` forcing one, a clear refusal otherwise. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvEncodingError, decodeCsv } from '../../src/imports/csv-encoding.ts';
import { parseImportArgs } from '../../src/imports/import-args.ts';

// Characters only CP932 has over plain Shift_JIS (①, ㈱, 髙) as well as kana and kanji.
const text = 'card_number,name\n01000101,髙橋 ①花子 ㈱ｶﾅ\n';
const cp932 = iconv.encode(text, 'cp932');
const utf8 = Buffer.from(text, 'utf8');

describe('decodeCsv', () => {
  it('reads UTF-8, with or without a BOM (which it drops)', () => {
    expect(decodeCsv(utf8)).toBe(text);
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toBe(text);
  });

  it('detects Shift_JIS/CP932, NEC and IBM extensions included', () => {
    expect(cp932.equals(utf8)).toBe(false);
    expect(decodeCsv(cp932)).toBe(text);
  });

  it('forces an encoding, refusing a file that is not in it', () => {
    expect(decodeCsv(cp932, 'cp932')).toBe(text);
    expect(() => decodeCsv(cp932, 'utf8')).toThrow(new CsvEncodingError('the file is not valid UTF-8'));
    expect(() => decodeCsv(Buffer.from([0x41, 0xff, 0x42]), 'cp932')).toThrow(CsvEncodingError);
  });

  it('refuses bytes that are neither, naming both and the option', () => {
    expect(() => decodeCsv(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]))).toThrow(/neither UTF-8 nor Shift_JIS.*--encoding utf8\|cp932/);
  });
});

describe('parseImportArgs', () => {
  it('takes the file and --encoding in either order and in both spellings', () => {
    expect(parseImportArgs('import-patrons', ['p.csv'])).toEqual({ file: 'p.csv', encoding: undefined });
    expect(parseImportArgs('import-patrons', ['--encoding', 'cp932', 'p.csv'])).toEqual({ file: 'p.csv', encoding: 'cp932' });
    expect(parseImportArgs('import-patrons', ['p.csv', '--encoding=Shift_JIS'])).toEqual({ file: 'p.csv', encoding: 'cp932' });
    expect(parseImportArgs('import-patrons', ['p.csv', '--encoding', 'UTF-8'])).toEqual({ file: 'p.csv', encoding: 'utf8' });
  });

  it('refuses a missing file, an unknown encoding and a stray argument with the usage line', () => {
    expect(() => parseImportArgs('import-copies', [])).toThrow('import-copies needs a file; usage: npm run admin -- import-copies FILE');
    expect(() => parseImportArgs('import-copies', ['c.csv', '--encoding', 'latin1'])).toThrow('--encoding must be utf8 or cp932');
    expect(() => parseImportArgs('import-copies', ['c.csv', 'd.csv'])).toThrow('unexpected argument "d.csv"');
  });
});
