/**
 * Static files served under content-hashed names with a year-long immutable
 * cache: a weak phone downloads each version once. Files are read and
 * compressed once at start; htmx comes from its pinned npm package.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Uint8Array;
  /** Compressed on first use and kept: compressing every file up front slows the start. */
  gzip(): Uint8Array;
  brotli(): Uint8Array;
  compressible: boolean;
  contentType: string;
  hashedName: string;
}

export interface Assets {
  /** The public URL of a logical asset name such as `app.css`; throws for an unknown name. */
  url(name: string): string;
  /** The asset behind a hashed file name, if any. */
  byHashedName(hashedName: string): Asset | undefined;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const staticDir = path.join(root, 'static');

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

const compressible = new Set(['.css', '.js', '.svg', '.json', '.webmanifest', '.txt']);

/** Loads every file of static/ (recursively) plus htmx. */
export function loadAssets(): Assets {
  const sources = new Map<string, string>();
  walk(staticDir, '', sources);
  sources.set('htmx.js', path.join(root, 'node_modules/htmx.org/dist/htmx.min.js'));
  const byName = new Map<string, Asset>();
  const byHashed = new Map<string, Asset>();
  for (const [name, file] of sources) {
    const asset = makeAsset(name, readFileSync(file));
    byName.set(name, asset);
    byHashed.set(asset.hashedName, asset);
  }
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`unknown static asset: ${name}`);
      return `/static/${asset.hashedName}`;
    },
    byHashedName: (hashedName) => byHashed.get(hashedName),
  };
}

function walk(dir: string, prefix: string, into: Map<string, string>): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const name = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(full).isDirectory()) walk(full, name, into);
    else into.set(name, full);
  }
}

function makeAsset(name: string, body: Buffer): Asset {
  const ext = path.extname(name);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const hashedName = `${name.slice(0, name.length - ext.length).replaceAll('/', '-')}.${hash}${ext}`;
  let gzip: Uint8Array | undefined;
  let brotli: Uint8Array | undefined;
  return {
    body,
    gzip: () => (gzip ??= gzipSync(body, { level: 9 })),
    brotli: () => (brotli ??= brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
    compressible: compressible.has(ext),
    contentType: types[ext] ?? 'application/octet-stream',
    hashedName,
  };
}
