/**
 * Bundles sw/sw.ts and its Workbox modules into build/sw.js. Run before the
 * server starts (npm start and npm run deno through their pre-scripts, the
 * test setup), not by the server: under Deno the server may not start
 * esbuild's binary. `npm run build:sw` runs it alone; with `--if-stale` (the
 * pre-scripts) it leaves a current build alone, so a start writes nothing
 * (a container's read-only file system) when the image already built it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** True when build/sw.js is newer than all it is built from: sw/, the locked Workbox versions and this build script. */
function builtServiceWorkerIsCurrent(): boolean {
  if (!existsSync(builtServiceWorkerFile)) return false;
  const sourceDir = path.join(repositoryRoot, 'sw');
  const sources = [
    ...readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).map((file) => path.join(sourceDir, file)),
    path.join(repositoryRoot, 'package-lock.json'),
    fileURLToPath(import.meta.url),
  ];
  const built = statSync(builtServiceWorkerFile).mtimeMs;
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const built = path.relative(repositoryRoot, builtServiceWorkerFile);
  if (process.argv.includes('--if-stale') && builtServiceWorkerIsCurrent()) {
    console.log(`${built} is current`);
  } else {
    await buildServiceWorker();
    console.log(`Built ${built}`);
  }
}
