/**
 * The message catalogue at run time: both languages have the same keys and
 * the same placeholders, and no page or route writes Japanese of its own
 * (every user-facing string is a catalogue entry, so English is complete).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueKeys, type MessageKey, translator } from '../../src/i18n/index.ts';
import { repoRoot } from '../support/process.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Japanese script: kanji, kana, and the full-width punctuation that only Japanese text uses. */
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}「」（）・、。]/u;

/** The files that render what a patron or a librarian reads. */
function renderingFiles(): string[] {
  const templates = ['templates', 'templates/parts'].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir))
      .filter((f) => f.endsWith('.tsx') || f.endsWith('.ts'))
      .map((f) => path.join(dir, f)),
  );
  const routes = readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.routes\.tsx?$/.test(f) || f.endsWith('mail.templates.ts'))
    .map((f) => path.join('src', f));
  return [...templates, ...routes];
}

/** The code of a file without its comments, which may quote the Japanese UI on purpose. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('message catalogue', () => {
  it('has the same keys in Japanese and English', () => {
    const ja = new Set(catalogueKeys('ja'));
    const en = new Set(catalogueKeys('en'));
    expect(
      [...ja].filter((k) => !en.has(k)),
      'keys missing in English',
    ).toEqual([]);
    expect(
      [...en].filter((k) => !ja.has(k)),
      'keys missing in Japanese',
    ).toEqual([]);
    expect(ja.size).toBeGreaterThan(300);
  });

  it('has a text for every key, with the same placeholders in both languages', () => {
    const ja = translator('ja');
    const en = translator('en');
    const problems = catalogueKeys('ja').flatMap((key) => {
      const [jaText, enText] = [ja(key as MessageKey), en(key as MessageKey)];
      if (jaText.trim() === '' || enText.trim() === '') return [`${key}: empty`];
      if (placeholders(jaText).join() !== placeholders(enText).join())
        return [`${key}: {${placeholders(jaText).join()}} ≠ {${placeholders(enText).join()}}`];
      // An English text still in Japanese (a place name or an example in kana may stay).
      if (/[\p{Script=Hiragana}]{4,}/u.test(enText) && !enText.includes('e.g.')) return [`${key}: not translated`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('finds no Japanese written directly in a template or a route', () => {
    const found = renderingFiles().flatMap((file) =>
      withoutComments(readFileSync(path.join(repoRoot, file), 'utf8'))
        .split('\n')
        .flatMap((line, i) => (JAPANESE.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found.join('\n')).toBe('');
  });
});

describe('filling a message', () => {
  it('fills every placeholder, keeps one it was not given, and leaves a message without placeholders alone', () => {
    const ja = translator('ja');
    const en = translator('en');
    expect(ja('nav.cartItems', { count: 3 })).toBe(ja('nav.cartItems').replace('{count}', '3'));
    expect(en('nav.staffArea', { library: 'Minato <City>' })).toBe(en('nav.staffArea').replace('{library}', 'Minato <City>'));
    expect(en('nav.staffArea', {})).toBe(en('nav.staffArea'));
    expect(en('nav.staffArea')).toContain('{library}');
    expect(ja('nav.search', { unused: 'x' })).toBe(ja('nav.search'));
    expect(ja('no.such.key' as MessageKey)).toBe('no.such.key');
  });
});
