import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chosenEncoding, compressedPage, PAGE_ENCODINGS } from '../../src/http/page-compression.ts';

describe('compressing pages', () => {
  it('answers in the first encoding preferred that Accept-Encoding allows, by name or by *, never in what q=0 refuses', () => {
    const staticFiles = ['br', 'gzip'] as const;
    expect(chosenEncoding('gzip, deflate, br, zstd', PAGE_ENCODINGS)).toBe('gzip');
    expect(chosenEncoding('gzip, deflate, br, zstd', staticFiles)).toBe('br');
    expect(chosenEncoding('br', PAGE_ENCODINGS)).toBe('br');
    expect(chosenEncoding('gzip, deflate', staticFiles)).toBe('gzip');
    expect(chosenEncoding('GZIP', PAGE_ENCODINGS)).toBe('gzip');
    expect(chosenEncoding('br;q=0, gzip;q=0.5', staticFiles)).toBe('gzip');
    expect(chosenEncoding('gzip;q=0, br', PAGE_ENCODINGS)).toBe('br');
    expect(chosenEncoding('*', staticFiles)).toBe('br');
    expect(chosenEncoding('br;q=0, *;q=0.1', staticFiles)).toBe('gzip');
    for (const refused of ['gzip;q=0, br;q=0', '*;q=0', 'identity', 'deflate', '', undefined]) {
      expect(chosenEncoding(refused, PAGE_ENCODINGS), refused).toBeUndefined();
    }
  });

  it('gives back the same HTML, Japanese included, and smaller', () => {
    const html = `<ul>${Array.from({ length: 200 }, (_, i) => `<li>吾輩は猫である ${i}</li>`).join('')}</ul>`;
    const size = Buffer.byteLength(html);
    const br = compressedPage(html, 'br');
    const gzip = compressedPage(html, 'gzip');
    expect(brotliDecompressSync(br).toString()).toBe(html);
    expect(gunzipSync(gzip).toString()).toBe(html);
    expect(br.byteLength).toBeLessThan(size / 4);
    expect(gzip.byteLength).toBeLessThan(size / 4);
  });
});
