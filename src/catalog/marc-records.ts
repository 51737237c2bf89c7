/**
 * MARC21 (ISO 2709 and MARCXML) to import records, through marcjs. marcjs
 * trusts a record's directory blindly, so each ISO 2709 record is checked
 * first (lengths, base address, field terminators, UTF-8): a damaged record
 * is reported with its number and byte offset instead of being imported as
 * garbage, and the rest of the file still loads.
 *
 * NDL JAPAN/MARC keeps readings in 880 fields linked by $6: a field with
 * `$6 880-03` has its katakana reading in the 880 whose $6 is `245-03/$1`
 * (`/(B` is the romanised copy, which is not used).
 *
 * Holdings come from 852: `$b` the place code, `$h` and `$i` the shelf mark,
 * `$p` the barcode, one copy per 852. An 852 without `$p` describes a
 * holding, not an item, and makes no copy.
 */
import marc, { type MarcField, type Record as MarcRecord } from 'marcjs';
import { isCopyBarcode, normalizeReading, toIsbn13 } from './catalog.rules.ts';
import type { ImportCopy, ImportRecord, ParsedEntry } from './import-record.ts';

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Splits an ISO 2709 file into records and maps each, reporting the damaged ones. */
export function parseIso2709(file: Buffer): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  let start = 0;
  while (start < file.length) {
    const end = file.indexOf(RECORD_TERMINATOR, start);
    const raw = file.subarray(start, end === -1 ? file.length : end + 1);
    const position = `record ${entries.length + 1} (byte ${start})`;
    const damage = iso2709Damage(raw);
    entries.push(damage ? { position, error: damage } : mapRecord(position, marc.Iso2709Parser.parse(raw)));
    start += raw.length;
  }
  return entries;
}

/** Why an ISO 2709 record cannot be trusted, or null when its structure is sound. */
function iso2709Damage(raw: Buffer): string | null {
  if (raw.length < 25 || raw[raw.length - 1] !== RECORD_TERMINATOR) return 'truncated record (no record terminator)';
  const leader = raw.toString('latin1', 0, 24);
  if (!/^\d{5}/.test(leader) || Number(leader.slice(0, 5)) !== raw.length) {
    return `record length in the leader (${leader.slice(0, 5)}) does not match the record (${raw.length} bytes)`;
  }
  if (!/^\d{5}$/.test(leader.slice(12, 17))) return 'base address of data in the leader is not a number';
  const base = Number(leader.slice(12, 17));
  const directoryEnd = raw.indexOf(FIELD_TERMINATOR);
  if (directoryEnd + 1 !== base || (directoryEnd - 24) % 12 !== 0) return 'directory does not end at the base address';
  for (let entry = 24; entry < directoryEnd; entry += 12) {
    const text = raw.toString('latin1', entry, entry + 12);
    if (!/^\d{12}$/.test(text)) return `directory entry ${(entry - 24) / 12 + 1} is not numeric`;
    const length = Number(text.slice(3, 7));
    const offset = Number(text.slice(7, 12));
    if (base + offset + length > raw.length - 1 || raw[base + offset + length - 1] !== FIELD_TERMINATOR) {
      return `field ${text.slice(0, 3)} runs past its directory length`;
    }
  }
  if (leader[9] === 'a') {
    try {
      strictUtf8.decode(raw);
    } catch {
      return 'not valid UTF-8 although the leader says so';
    }
  }
  return null;
}

/** Maps every <record> of a MARCXML document (a `marc:` namespace prefix is accepted). */
export function parseMarcxml(text: string): ParsedEntry[] {
  const unprefixed = text.replace(/<(\/?)marc:/g, '<$1');
  const chunks = unprefixed.match(/<record[\s>][\s\S]*?<\/record>/g) ?? [];
  return chunks.map((chunk, i) => {
    const position = `record ${i + 1}`;
    const record = marc.Marc.parse(chunk, 'marcxml');
    if (record.leader.length !== 24 || record.fields.some((f) => !/^\d{3}$/.test(f[0] ?? ''))) {
      return { position, error: 'malformed MARCXML record (leader or field tags unreadable)' };
    }
    return mapRecord(position, record);
  });
}

interface DataField {
  tag: string;
  subfields: [string, string][];
}

function dataFields(record: MarcRecord): DataField[] {
  return record.fields
    .filter((f) => f.length > 2)
    .map((f: MarcField) => {
      const subfields: [string, string][] = [];
      for (let i = 2; i + 1 < f.length; i += 2) subfields.push([f[i]!, f[i + 1]!]);
      return { tag: f[0]!, subfields };
    });
}

/** ISBD punctuation ends MARC subfields (「東京 :」「晶文社,」「2019.2.」); it is not part of the value. */
function clean(value: string): string {
  return value.replace(/[\s/:;,=.]+$/, '').trim();
}

function joined(field: DataField | undefined, codes: string): string {
  if (!field) return '';
  return field.subfields
    .filter(([code]) => codes.includes(code))
    .map(([, value]) => clean(value))
    .filter(Boolean)
    .join(' ');
}

/** A NDL name heading 「萩野, 正昭」 as the library writes it: 「萩野 正昭」. */
function personName(value: string): string {
  return value.replace(/,\s*/g, ' ').trim();
}

/** Lookups over one record's fields by tag ("245", or "100,110" for any of those), and the readings 880 fields link to them. */
function fieldReader(record: MarcRecord) {
  const fields = dataFields(record);
  const control = (tag: string) => record.fields.find((f) => f[0] === tag && f.length === 2)?.[1]?.trim() ?? '';
  const first = (tags: string) => fields.find((f) => tags.split(',').includes(f.tag));
  const all = (tags: string) => fields.filter((f) => tags.split(',').includes(f.tag));
  const linkedReading = (field: DataField | undefined, codes: string) => {
    const link = field?.subfields.find(([code]) => code === '6')?.[1];
    const occurrence = link?.match(/^880-(\d+)/)?.[1];
    if (!field || !occurrence) return '';
    const reading = fields.find(
      (f) => f.tag === '880' && f.subfields.some(([code, value]) => code === '6' && value.startsWith(`${field.tag}-${occurrence}/$1`)),
    );
    return normalizeReading(joined(reading, codes));
  };
  return { control, first, all, linkedReading };
}

type FieldReader = ReturnType<typeof fieldReader>;

/** The first valid ISBN among the 020 $a values, as ISBN-13. */
function isbnOf(read: FieldReader): string | null {
  return (
    read
      .all('020')
      .flatMap((f) => f.subfields.filter(([code]) => code === 'a').map(([, value]) => toIsbn13(value.split(/[\s(]/)[0] ?? '')))
      .find((value) => value !== null) ?? null
  );
}

/** The leader's type of record: projected and sound recordings are audiovisual, a serial is a magazine. */
function materialOf(record: MarcRecord): Pick<ImportRecord, 'material' | 'avFormat'> {
  const leaderType = record.leader[6];
  const material = leaderType === 'g' || leaderType === 'i' || leaderType === 'j' ? 'av' : record.leader[7] === 's' ? 'magazine' : 'book';
  return { material, avFormat: leaderType === 'g' ? 'dvd' : material === 'av' ? 'cd' : null };
}

/** The NDC class from the 084 field whose source ($2) is an NDC edition (njb…). */
function ndcOf(read: FieldReader): string {
  return (
    read
      .all('084')
      .find((f) => f.subfields.some(([code, value]) => code === '2' && value.startsWith('njb')))
      ?.subfields.find(([c]) => c === 'a')?.[1] ?? ''
  );
}

/** The subject headings (650, 651), each with its subdivisions joined by " -- ". */
function subjectOf(read: FieldReader): string {
  return read
    .all('650,651')
    .map((f) =>
      f.subfields
        .filter(([c]) => 'avxyz'.includes(c))
        .map(([, v]) => clean(v))
        .join(' -- '),
    )
    .join('; ');
}

/** The copies the 852 fields describe, or why the record cannot be taken with them. */
function copiesOf(read: FieldReader): { copies: ImportCopy[] } | { error: string } {
  const copies: ImportCopy[] = [];
  for (const field of read.all('852')) {
    const value = (code: string) => field.subfields.find(([c]) => c === code)?.[1]?.trim() ?? '';
    const barcode = value('p');
    if (!barcode) continue;
    if (!isCopyBarcode(barcode)) return { error: `852 $p barcode "${barcode}" must be 1 to 32 letters, digits or hyphens` };
    const shelfMark = [value('h'), value('i')].filter(Boolean).join(' ');
    copies.push({ barcode, place: value('b') || null, shelfMark: shelfMark || null });
  }
  return { copies };
}

function mapRecord(position: string, record: MarcRecord): ParsedEntry {
  const read = fieldReader(record);
  const holdings = copiesOf(read);
  if ('error' in holdings) return { position, error: holdings.error };
  const titleField = read.first('245');
  const title = joined(titleField, 'abnp');
  if (!title) return { position, error: 'no title (245 $a)' };
  const isbn = isbnOf(read);
  const controlNumber = read.control('001');
  const sourceId = controlNumber || (isbn ? `isbn:${isbn}` : '');
  if (!sourceId) return { position, error: 'no control number (001) and no ISBN (020)' };
  if (sourceId.length > 64) return { position, error: 'control number (001) longer than 64 characters' };

  const names = read.all('100,110,700,710');
  const publication = read.first('260,264');
  const yearText = joined(publication, 'c').match(/\d{4}/)?.[0] ?? read.control('008').slice(7, 11);
  const series = read.first('490');
  const { material, avFormat } = materialOf(record);
  const result: ImportRecord = {
    sourceId,
    material,
    avFormat,
    title,
    titleKana: read.linkedReading(titleField, 'abnp'),
    author: names.length > 0 ? names.map((f) => personName(joined(f, 'a'))).join('; ') : joined(titleField, 'c'),
    authorKana: names
      .map((f) => personName(read.linkedReading(f, 'a')))
      .filter(Boolean)
      .join('; '),
    publisher: joined(publication, 'b'),
    pubYear: /^\d{4}$/.test(yearText) ? Number(yearText) : null,
    isbn,
    ndc: ndcOf(read),
    subject: subjectOf(read),
    series: joined(series, 'av'),
    seriesKana: read.linkedReading(series, 'av'),
    serial:
      material === 'magazine'
        ? { sourceId: `marc-serial:${joined(titleField, 'a')}`, title: joined(titleField, 'a'), titleKana: '' }
        : null,
    issueLabel: material === 'magazine' ? joined(titleField, 'np') || joined(read.first('362'), 'a') : null,
    issueDate: null,
    copies: holdings.copies,
  };
  return { position, record: result };
}
