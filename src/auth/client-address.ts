/**
 * The client's network address, for the sign-in throttle. Read from the
 * connection (Node's socket, or the info Deno.serve passes as Hono's env);
 * X-Forwarded-For only with TRUSTED_PROXY, since any client can write it:
 * then only its last entry, the one the load balancer itself appended.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';

interface ConnectionBindings {
  incoming?: { socket?: { remoteAddress?: string } };
  remoteAddr?: { hostname?: string };
}

/** The address requests without a connection share (in-process tests, app.request). */
export const UNKNOWN_ADDRESS = 'unknown';

export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.deps.config.trustedProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.replace(/^::ffff:/, '');
  }
  const env = c.env as ConnectionBindings | undefined;
  const address = env?.incoming?.socket?.remoteAddress ?? env?.remoteAddr?.hostname;
  // An IPv4 client on a dual-stack socket appears as ::ffff:a.b.c.d; one address, one counter.
  return address ? address.replace(/^::ffff:/, '') : UNKNOWN_ADDRESS;
}
