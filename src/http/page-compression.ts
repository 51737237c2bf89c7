/**
 * Pages compressed as they are made, in one call. Hono's compress() pipes
 * a finished response through a CompressionStream instead, and on the load
 * benchmark that cost an account page 1.4 ms of web-process CPU (2.8–2.95
 * ms a page against 1.26–1.60 ms uncompressed) and halved the pages served
 * a second. Every browser asks for compression, so this is the path
 * patrons take. Pages prefer gzip: made for each request, the account
 * page's 17 KB took 0.1 ms to gzip and 0.15–0.5 ms to brotli (3.8 against
 * 3.2 KB); the static files, compressed once, prefer brotli.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { parseAccept } from 'hono/utils/accept';

export type ContentEncoding = 'br' | 'gzip';

/** Pages shorter than this many bytes go as they are: compressing them saves too little (compress()'s threshold too). */
export const SMALLEST_COMPRESSED_PAGE = 1024;

/** The first of `preferred` that Accept-Encoding allows (by name or by `*`, with q above 0); else nothing. */
export function chosenEncoding(acceptEncoding: string | undefined, preferred: readonly ContentEncoding[]): ContentEncoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepts = parseAccept(acceptEncoding);
  const wildcard = accepts.find((a) => a.type === '*');
  const q = (encoding: ContentEncoding) => (accepts.find((a) => a.type.toLowerCase() === encoding) ?? wildcard)?.q ?? 0;
  return preferred.find((encoding) => q(encoding) > 0);
}

/** The order pages are compressed in, where the browser accepts both. */
export const PAGE_ENCODINGS: readonly ContentEncoding[] = ['gzip', 'br'];

/** A page's HTML compressed at a speed fit for every request (brotli at quality 5, where the static files' 11 takes far longer). */
export function compressedPage(html: string, encoding: ContentEncoding): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(html);
  const compressed = encoding === 'br' ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(bytes);
  return new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength);
}
