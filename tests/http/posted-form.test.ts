/**
 * Posted forms as the service reads them: URL-encoded fields parsed as
 * Hono's parseBody would, and the size limit judged from Content-Length or
 * counted on a chunked body, through a real HTTP server (Node's adapter is
 * where the shortcut matters).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/http/env.ts';
import { postedForm } from '../../src/http/posted-form.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { ORIGIN } from '../support/client.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';

describe('a URL-encoded form', () => {
  const app = new Hono<AppEnv>().post('/echo', async (c) => {
    const all = c.req.query('all') === '1';
    const ours = await postedForm(c, { all });
    const again = await postedForm(c, { all });
    const hono = await c.req.parseBody({ all });
    return c.json({ ours, again, hono });
  });

  it.each([
    'a=1&a=2&b=x',
    'ids[]=1&ids[]=2&one[]=3&lone=4',
    '__proto__=p&constructor=c&toString=t',
    'q=%E3%81%82+%EF%BC%A1%EF%BC%A2&plus=a%2Bb&space=a+b',
    'broken=%E3%81&percent=%&empty=&=nameless&flag',
    '',
  ])('%j reads as parseBody reads it, with and without all', async (body) => {
    for (const all of ['0', '1']) {
      const response = await app.request(`/echo?all=${all}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body,
      });
      const { ours, again, hono } = (await response.json()) as Record<string, unknown>;
      expect(ours).toEqual(hono);
      expect(again).toEqual(ours);
    }
  });

  it('is read by its fields, full-width text and repeats included', async () => {
    const response = await app.request('/echo?all=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['record_id', '１２'],
        ['record_id', '7'],
        ['note', '図書館 の 自由'],
      ]),
    });
    const { ours } = (await response.json()) as { ours: unknown };
    expect(ours).toEqual({ record_id: ['１２', '7'], note: '図書館 の 自由' });
  });
});

describe('a posted body over the size limit, through the HTTP server', () => {
  let ctx: TestContext;
  let server: LiveServer;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    server = await startLiveServer(ctx);
  });
  afterAll(async () => {
    await server.close();
    await ctx.close();
  });

  const post = (body: string) =>
    fetch(`${server.url}/logout`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('is refused with 413 from its Content-Length; a small one goes on to the CSRF check', async () => {
    expect((await post('q=' + 'x'.repeat(70_000))).status).toBe(413);
    expect((await post('q=' + 'あ'.repeat(22_000))).status).toBe(413);
    expect((await post('_csrf=' + 'x'.repeat(43))).status).toBe(403);
  });

  it('is refused with 413 when it comes chunked, counted as it arrives', async () => {
    const status = (chunks: string[]) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${server.url}/logout`);
        const outgoing = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: url.pathname,
            headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        outgoing.on('error', reject);
        for (const chunk of chunks) outgoing.write(chunk);
        outgoing.end();
      });
    expect(await status(Array.from({ length: 8 }, () => 'q=' + 'x'.repeat(10_000)))).toBe(413);
    expect(await status(['_csrf=', 'x'.repeat(43)])).toBe(403);
  });
});
