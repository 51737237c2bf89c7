/**
 * MARC files made in a test from the NDL sample (tests/fixtures): its records
 * as marcjs reads them, given holdings (852) or new control numbers, written
 * back as ISO 2709 or MARCXML.
 */
import { readFileSync } from 'node:fs';
import marc, { type Record as MarcRecord } from 'marcjs';
import { ndlSample } from './aozora.ts';

/** The sample's first `count` records (at most its 180). */
export function ndlRecords(count: number): MarcRecord[] {
  const raw = readFileSync(ndlSample);
  const records: MarcRecord[] = [];
  let start = 0;
  while (records.length < count && start < raw.length) {
    const end = raw.indexOf(0x1d, start);
    records.push(marc.Iso2709Parser.parse(raw.subarray(start, end + 1)));
    start = end + 1;
  }
  return records;
}

/** An 852 holdings field: `$b` place, `$h`/`$i` shelf mark, `$p` barcode (each left out when not given). */
export function holding(fields: { b?: string; h?: string; i?: string; p?: string }): string[] {
  return ['852', '  ', ...Object.entries(fields).flatMap(([code, value]) => [code, value])];
}

/** The record with its 001 replaced (a copy of the record, the original untouched). */
export function withControlNumber(record: MarcRecord, controlNumber: string): MarcRecord {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(record) as object) as MarcRecord, {
    leader: record.leader,
    fields: record.fields.map((f) => (f[0] === '001' && f.length === 2 ? ['001', controlNumber] : [...f])),
  });
  return copy;
}

export function toIso2709(records: MarcRecord[]): Buffer {
  return Buffer.concat(records.map((r) => Buffer.from(marc.Iso2709Formater.format(r))));
}

export function toMarcxml(records: MarcRecord[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n${records.map((r) => marc.MarcxmlFormater.format(r)).join('\n')}\n</collection>\n`;
}
