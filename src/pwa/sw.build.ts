/**
 * Bundles sw/sw.ts and its Workbox modules into build/sw.js. Run before the
 * server starts (npm start and npm run deno through their pre-scripts, the
 * test setup), not by the server: under Deno the server may not start
 * esbuild's binary. `npm run build:sw` runs it alone.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { builtServiceWorkerFile, repositoryRoot } from './service-worker.ts';

export async function buildServiceWorker(): Promise<void> {
  await build({
    entryPoints: [path.join(repositoryRoot, 'sw/sw.ts')],
    outfile: builtServiceWorkerFile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    // Workbox drops its development logging only when this reads "production".
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await buildServiceWorker();
  console.log(`Built ${path.relative(repositoryRoot, builtServiceWorkerFile)}`);
}
