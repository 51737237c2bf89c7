/**
 * A posted form's fields, as Hono's parseBody gives them: a repeated field's
 * last value, or with `all` each repeated field's values in an array (a
 * field named `x[]` always in one). A URL-encoded form, what every page
 * posts, is read as text and parsed with URLSearchParams, once a request
 * (the CSRF check and the handler share it): parseBody hands the body to a
 * fetch Response to parse, which builds web streams of its own for every
 * post. Multipart forms (the file uploads) still go through parseBody.
 */
import type { Context } from 'hono';
import type { BodyData, ParseBodyOptions } from 'hono/utils/body';
import type { AppEnv } from './env.ts';

const urlEncodedForms = new WeakMap<object, Promise<URLSearchParams>>();

export async function postedForm<Options extends Pick<ParseBodyOptions, 'all'>>(
  c: Context<AppEnv>,
  options?: Options,
): Promise<BodyData<Options>> {
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return c.req.parseBody(options);
  let fields = urlEncodedForms.get(c.req);
  if (!fields) {
    fields = c.req.text().then((text) => new URLSearchParams(text));
    urlEncodedForms.set(c.req, fields);
  }
  // No prototype: a field named __proto__ stays a field.
  const form = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of await fields) {
    const kept = form[name];
    if (!options?.all && !name.endsWith('[]')) form[name] = value;
    else if (Array.isArray(kept)) kept.push(value);
    else if (kept !== undefined) form[name] = [kept, value];
    else form[name] = name.endsWith('[]') ? [value] : value;
  }
  return form as BodyData<Options>;
}
