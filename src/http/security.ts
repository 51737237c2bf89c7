/**
 * Security headers on every response. The CSP allows no inline script or
 * style and no eval: htmx 4 works under it as long as templates avoid
 * hx-on, event filters and js: values.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.ts';

export function securityHeaders(https: boolean): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      manifestSrc: ["'self'"],
      workerSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Request bodies larger than this are refused with 413 before they are read.
 * GET and HEAD pass untouched: no route reads their body (the CSRF check
 * and form parsing act on unsafe methods only). A body of declared length
 * (what browsers send) is judged by its Content-Length, which Node's parser
 * holds the body to, as Hono's bodyLimit does too but only after asking
 * for the body: that makes the Node adapter build a whole fetch Request
 * with an AbortSignal, a cost every form post would pay for nothing. A
 * chunked body is counted as it arrives by bodyLimit.
 */
export function requestSizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new HTTPException(413, { message: 'request body too large' });
  };
  const limit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('Content-Length');
    if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return limit(c, next);
    return Number.parseInt(length, 10) > maxBytes ? tooLarge() : next();
  };
}
