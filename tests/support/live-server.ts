/** Serves a test app on a free loopback port, for the browser tests. */
import { serve } from '@hono/node-server';
import type { TestContext } from './app.ts';

export interface LiveServer {
  url: string;
  close(): Promise<void>;
}

export function startLiveServer(ctx: TestContext): Promise<LiveServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
