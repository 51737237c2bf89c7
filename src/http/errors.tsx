/**
 * One place turns failures into pages: expected ones (HTTPException) get
 * their status and a plain explanation; a database that cannot be reached
 * gets 503 with Retry-After; anything else is logged with a reference the
 * patron can quote, and the page shows no internals.
 */
import { randomBytes } from 'node:crypto';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorPage } from '../../templates/errors.tsx';
import { Layout } from '../../templates/layout.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { isDatabaseUnavailable } from '../db/database-errors.ts';
import type { AppEnv } from './env.ts';
import { htmlResponse, pageContextWithoutReads } from './render.tsx';

type ErrorKind = 'notFound' | 'server' | 'unavailable' | 'forbidden' | 'roleNeeded' | 'tooLarge' | 'badRequest';

/**
 * A signed-in member whose role does not reach the page: a 403 like a stale form's, but reloading can never
 * help, so the page says which role is needed instead of blaming the form.
 */
export class RoleNeeded extends HTTPException {
  constructor(role: string) {
    super(403, { message: `${role} role needed` });
  }
}

const kindByStatus: Partial<Record<number, ErrorKind>> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  405: 'badRequest',
  413: 'tooLarge',
  503: 'unavailable',
};

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) => errorPage(c, 404, 'notFound');

export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof RoleNeeded) return errorPage(c, 403, 'roleNeeded');
  if (error instanceof HTTPException) {
    const status = error.status;
    return errorPage(c, status, kindByStatus[status] ?? (status >= 500 ? 'server' : 'badRequest'));
  }
  if (isDatabaseUnavailable(error)) {
    console.error(`database unavailable: ${error.message}`);
    c.header('Retry-After', '5');
    return errorPage(c, 503, 'unavailable');
  }
  const reference = randomBytes(4).toString('hex');
  console.error(`error ${reference} on ${c.req.method} ${new URL(c.req.url).pathname}:`, error);
  return errorPage(c, 500, 'server', reference);
};

function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, kind: ErrorKind, reference?: string): Response | Promise<Response> {
  const pageContext = pageContextWithoutReads(c);
  const title = pageContext.t(`error.${kind}.title` as MessageKey);
  const body = pageContext.t(`error.${kind}.body` as MessageKey);
  const content = <ErrorPage pageContext={pageContext} title={title} body={body} reference={reference} />;
  c.header('Cache-Control', 'no-store');
  if (c.req.header('HX-Request') === 'true') return htmlResponse(c, content, status);
  return htmlResponse(
    c,
    <Layout pageContext={pageContext} title={title}>
      {content}
    </Layout>,
    status,
  );
}
