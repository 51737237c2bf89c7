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
  /** One copy each, at the main library. */
  barcodes: string[];
}

/** One record of a source file: mapped, or rejected with the reason. `position` says where it was. */
export type ParsedEntry = { position: string; record: ImportRecord } | { position: string; error: string };
