/**
 * A resumption token carries the whole position of a harvest, signed with a
 * key kept in the database: any web process, or the same one after a
 * restart, resumes it, and nothing is stored per harvest. It expires after
 * TOKEN_LIFETIME_MS.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import { type Harvest, TOKEN_LIFETIME_MS } from './oai.rules.ts';

const tokenSchema = v.object({
  p: v.picklist(['oai_dc', 'dcndl_simple']),
  s: v.nullable(v.picklist(['book', 'magazine', 'av'])),
  f: v.nullable(v.number()),
  u: v.nullable(v.number()),
  a: v.tuple([v.pipe(v.string(), v.isoTimestamp()), v.pipe(v.number(), v.integer())]),
  c: v.pipe(v.number(), v.integer(), v.minValue(0)),
  x: v.number(),
});

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/** The token that resumes `harvest` after its page, and when it expires. */
export function writeToken(
  key: Buffer,
  harvest: Harvest & { after: NonNullable<Harvest['after']> },
  now: Date,
): { token: string; expires: Date } {
  const expires = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  const payload = Buffer.from(
    JSON.stringify({
      p: harvest.metadataPrefix,
      s: harvest.set,
      f: harvest.from?.getTime() ?? null,
      u: harvest.until?.getTime() ?? null,
      a: [harvest.after.changedAt, harvest.after.id],
      c: harvest.cursor,
      x: expires.getTime(),
    }),
  ).toString('base64url');
  return { token: `${payload}.${sign(key, payload)}`, expires };
}

/** The harvest a token resumes, or null when it is not ours, was altered, or has expired. */
export function readToken(key: Buffer, token: string, now: Date): Harvest | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const result = v.safeParse(tokenSchema, parsed);
  if (!result.success || result.output.x <= now.getTime()) return null;
  const t = result.output;
  return {
    metadataPrefix: t.p,
    set: t.s,
    from: t.f === null ? null : new Date(t.f),
    until: t.u === null ? null : new Date(t.u),
    after: { changedAt: t.a[0], id: t.a[1] },
    cursor: t.c,
  };
}
