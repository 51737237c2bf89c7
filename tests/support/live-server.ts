/** Serves a test app on a free loopback port, for the browser tests. */
import { serve } from '@hono/node-server';
import type { TestContext } from './app.ts';

export interface LiveServer {
  url: string;
  close(): Promise<void>;
}

/** `fetch` lets a test step in front of the app (to delay a page, say) without a hook in the app itself. */
export function startLiveServer(
  ctx: TestContext,
  fetch: (request: Request) => Response | Promise<Response> = ctx.app.fetch,
): Promise<LiveServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
