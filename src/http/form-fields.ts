/** Reading a posted form as plain strings, whatever a client sent. */
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';
import { postedForm } from './posted-form.ts';

/**
 * The named fields of a posted form as strings: a missing field or a file
 * reads as '', a repeated field as its last value, so a handler never meets a type it did not
 * expect (the CSRF check has already refused unreadable bodies).
 */
export async function formFields<K extends string>(c: Context<AppEnv>, names: readonly K[]): Promise<Record<K, string>> {
  const body = await postedForm(c);
  const fields = {} as Record<K, string>;
  for (const name of names) {
    const value = body[name];
    fields[name] = typeof value === 'string' ? value : '';
  }
  return fields;
}
