/**
 * Test data from tests/fixtures (sources and licences in its README): Aozora Bunko's works list converted to the
 * SPEC's catalog CSV (one record per work, no readings, so the import has to
 * generate them), and the path of the NDL JAPAN/MARC sample.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS } from '../../src/catalog/catalog-csv.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.resolve(repoRoot, 'tests/fixtures');
export const ndlSample = path.join(fixtures, 'ndl_japanmarc21_sample.mrc');

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The Aozora list as catalog CSV text; `limit` keeps the first N works. */
export function aozoraCatalogCsv(limit = Infinity): { csv: string; works: number } {
  const rows = parse<Record<string, string>>(readFileSync(path.join(fixtures, 'aozora_list_person.csv'), 'utf8'), {
    bom: true,
    columns: true,
  });
  const lines = [CSV_COLUMNS.join(',')];
  const seen = new Set<string>();
  for (const row of rows) {
    const id = row['作品ID']!;
    if (seen.has(id) || seen.size >= limit) continue;
    seen.add(id);
    const values: Record<(typeof CSV_COLUMNS)[number], string> = {
      id: `aozora-${id}`,
      material: 'book',
      title: row['作品名']!,
      title_kana: '',
      author: row['著者名']!,
      author_kana: '',
      publisher: (row['出版社名'] ?? '').split('、').at(-1) ?? '',
      year: '',
      isbn: '',
      subject: '',
      serial: '',
      issue: '',
      issue_date: '',
      barcodes: '',
    };
    lines.push(CSV_COLUMNS.map((column) => quote(values[column])).join(','));
  }
  return { csv: `${lines.join('\n')}\n`, works: seen.size };
}
