/** Serves hashed static files from memory, compressed, cached for a year. */
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';

export const staticRoutes = new Hono<AppEnv>().get('/static/:file', (c) => {
  const asset = c.var.deps.assets.byHashedName(c.req.param('file'));
  if (!asset) return c.notFound();
  const accepts = c.req.header('Accept-Encoding') ?? '';
  const [body, encoding] = !asset.compressible
    ? [asset.body, undefined]
    : /\bbr\b/.test(accepts)
      ? [asset.brotli(), 'br']
      : /\bgzip\b/.test(accepts)
        ? [asset.gzip(), 'gzip']
        : [asset.body, undefined];
  c.header('Content-Type', asset.contentType);
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('Vary', 'Accept-Encoding');
  if (encoding) c.header('Content-Encoding', encoding);
  return c.body(body as Uint8Array<ArrayBuffer>);
});
