/** Serves hashed static files from memory, compressed, cached for a year. */
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { chosenEncoding } from './page-compression.ts';

export const staticRoutes = new Hono<AppEnv>().get('/static/:file', (c) => {
  const asset = c.var.deps.assets.byHashedName(c.req.param('file'));
  if (!asset) return c.notFound();
  const encoding = asset.compressible ? chosenEncoding(c.req.header('Accept-Encoding'), ['br', 'gzip']) : undefined;
  const body = encoding === 'br' ? asset.brotli() : encoding === 'gzip' ? asset.gzip() : asset.body;
  c.header('Content-Type', asset.contentType);
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('Vary', 'Accept-Encoding');
  if (encoding) c.header('Content-Encoding', encoding);
  return c.body(body as Uint8Array<ArrayBuffer>);
});
