/**
 * The service worker as served: the bundle built from sw/ (read once) with
 * the precache list written in, like Workbox's injectManifest but at serve
 * time, because only the running server knows the static files' hashed names.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { staticDir } from '../http/assets.ts';

export const repositoryRoot = path.dirname(staticDir);
export const builtServiceWorkerFile = path.join(repositoryRoot, 'build/sw.js');

/** The static files every page loads: the offline page needs them too, so they are precached. */
export const PAGE_ASSETS = ['app.css', 'htmx.js', 'pwa.js', 'icons/icon.svg'] as const;

export interface PrecacheEntry {
  url: string;
  /** null when the URL itself carries the content hash. */
  revision: string | null;
}

let bundle: Promise<string> | undefined;

function readBundle(): Promise<string> {
  bundle ??= readFile(builtServiceWorkerFile, 'utf8').catch((error: unknown) => {
    bundle = undefined;
    throw new Error(`${builtServiceWorkerFile} is missing: run \`npm run build:sw\` (npm start does it)`, { cause: error });
  });
  return bundle;
}

/** The worker's source with its precache list. */
export async function serviceWorkerSource(precache: PrecacheEntry[]): Promise<string> {
  const source = await readBundle();
  if (!source.includes('self.__WB_MANIFEST')) throw new Error(`${builtServiceWorkerFile} has no precache placeholder`);
  return source.replace('self.__WB_MANIFEST', JSON.stringify(precache));
}
