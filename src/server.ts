/**
 * Serves the app on Node (@hono/node-server) or, under Deno 2, with
 * Deno.serve: one entry point for both runtimes.
 */
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { answerClientError } from './http/client-errors.tsx';
import type { AppEnv } from './http/env.ts';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

interface DenoServer {
  shutdown(): Promise<void>;
}
interface DenoGlobal {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): DenoServer;
}

export function startServer(app: Hono<AppEnv>, port: number, hostname: string): Promise<RunningServer> {
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno;
  if (deno) {
    return new Promise((resolve) => {
      // onListen runs before deno.serve returns, so `server` is read only later, at close.
      const server: DenoServer = deno.serve(
        { port, hostname, onListen: (addr) => resolve({ port: addr.port, close: () => server.shutdown() }) },
        app.fetch,
      );
    });
  }
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
      resolve({
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.on('clientError', answerClientError);
  });
}
