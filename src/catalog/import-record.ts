/** What every catalog source (MARC21, MARCXML, CSV) is turned into before it is written. */
import type { CalendarDate, Material } from '../db/schema.ts';

export interface ImportRecord {
  /** The source's own id (MARC 001, the CSV's `id`): an import matches on it, or on the ISBN. */
  sourceId: string;
  material: Material;
  avFormat: 'cd' | 'dvd' | null;
  title: string;
  titleKana: string;
  author: string;
  authorKana: string;
  publisher: string;
  pubYear: number | null;
  /** ISBN-13. */
  isbn: string | null;
  ndc: string;
  subject: string;
  series: string;
  seriesKana: string;
  serial: { sourceId: string; title: string; titleKana: string } | null;
  issueLabel: string | null;
  issueDate: CalendarDate | null;
  copies: ImportCopy[];
}

/** A copy as the source describes it: the CSV's `barcodes` (place and shelf mark left to defaults) or a MARC 852. */
export interface ImportCopy {
  barcode: string;
  /** The place code as the source wrote it; null for the first library. */
  place: string | null;
  /** Null for the record's NDC class. */
  shelfMark: string | null;
}

/** One record of a source file: mapped, or rejected with the reason. `position` says where it was. */
export type ParsedEntry = { position: string; record: ImportRecord } | { position: string; error: string };
