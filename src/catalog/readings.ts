/**
 * Readings (yomi) for records that arrive without them, from kuromoji's
 * IPADIC dictionary. The dictionary is large in memory and slow to load,
 * so it is loaded once, lazily, and only by imports that meet a record with
 * no reading.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji, { type Tokenizer } from 'kuromoji';
import { normalizeReading } from './catalog.rules.ts';

let tokenizer: Promise<Tokenizer> | undefined;

function loadTokenizer(): Promise<Tokenizer> {
  const dicPath = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
  return new Promise((resolve, reject) => {
    kuromoji.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built)));
  });
}

/** A hiragana reading of Japanese text, words separated by spaces; words without a reading are kept as written. */
export async function generateReading(text: string): Promise<string> {
  if (!text.trim()) return '';
  tokenizer ??= loadTokenizer();
  const tokens = (await tokenizer).tokenize(text.normalize('NFKC'));
  const words = tokens.map((token) => (token.reading && token.reading !== '*' ? token.reading : token.surface_form));
  return normalizeReading(words.join(' '));
}
