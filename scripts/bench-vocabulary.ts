/**
 * The benchmarks' synthetic catalog vocabulary: Aozora Bunko's titles,
 * authors and publishers with readings from kuromoji, and a seeded random
 * generator, so two runs build and query the same catalog.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateReading } from '../src/catalog/readings.ts';

/** A deterministic generator, so two runs build and query the same catalog. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export interface Word {
  text: string;
  reading: string;
}

/** Distinct titles and authors with readings, and publishers. */
export async function vocabulary(): Promise<{ titles: Word[]; authors: Word[]; publishers: string[] }> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const rows = parse<Record<string, string>>(readFileSync(path.resolve(repoRoot, 'tests/fixtures/aozora_list_person.csv'), 'utf8'), {
    bom: true,
    columns: true,
  });
  const distinct = (column: string) => [...new Set(rows.map((r) => r[column] ?? '').filter(Boolean))];
  const withReadings = async (texts: string[]) => Promise.all(texts.map(async (text) => ({ text, reading: await generateReading(text) })));
  return {
    titles: await withReadings(distinct('作品名')),
    authors: await withReadings(distinct('著者名')),
    publishers: distinct('出版社名').map((p) => p.split('、').at(-1) ?? p),
  };
}
