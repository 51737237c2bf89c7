import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chosenEncoding, compressedPage } from '../../src/http/page-compression.ts';

describe('compressing pages', () => {
  it('answers in brotli, else gzip, as Accept-Encoding allows, by name or by *, and never in what q=0 refuses', () => {
    expect(chosenEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chosenEncoding('gzip, deflate')).toBe('gzip');
    expect(chosenEncoding('GZIP')).toBe('gzip');
    expect(chosenEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chosenEncoding('*')).toBe('br');
    expect(chosenEncoding('br;q=0, *;q=0.1')).toBe('gzip');
    expect(chosenEncoding('gzip;q=0, br;q=0')).toBeUndefined();
    expect(chosenEncoding('*;q=0')).toBeUndefined();
    expect(chosenEncoding('identity')).toBeUndefined();
    expect(chosenEncoding('deflate')).toBeUndefined();
    expect(chosenEncoding('')).toBeUndefined();
    expect(chosenEncoding(undefined)).toBeUndefined();
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
