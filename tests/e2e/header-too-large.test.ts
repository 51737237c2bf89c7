/**
 * A request whose address or cookies are beyond Node's header limit never
 * reaches the app: the server itself must still answer with an error page
 * that says something, and keep serving the next request.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.ts';
import { createTestContext, type TestContext } from '../support/app.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('headers beyond the limit', () => {
  let ctx: TestContext;
  let server: RunningServer;

  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    server = await startServer(ctx.app, 0, '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  /** A plain node:http request, as fetch refuses to send some of these. */
  function send(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it.each([
    ['a 20,000-character query string', () => send(`/search?q=${'a'.repeat(20_000)}`)],
    ['a 100 KB cookie', () => send('/', { Cookie: `x=${'a'.repeat(100_000)}` })],
  ])('answers %s with a short 431 page in Japanese and English, then serves the next request', async (_, sendTooMuch) => {
    const answer = await sendTooMuch();
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toContain('<h1');
    expect(answer.body).toContain('リクエストが長すぎます');
    expect(answer.body).toContain('The request is too long');
    expect((await send('/healthz')).status).toBe(200);
  });

  it('keeps answering other malformed requests with 400', async () => {
    const answer = await send('/', { 'Content-Length': 'x' });
    expect(answer.status).toBe(400);
    expect((await send('/healthz')).status).toBe(200);
  });
});
