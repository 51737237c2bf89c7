/**
 * Keys every web process must share (site_secrets): made by whichever
 * process needs one first, read by every other, and remembered per database
 * handle so that separate test databases keep separate keys.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const remembered = new WeakMap<Kysely<Database>, Map<string, Promise<string>>>();

/** The 32-byte key called `name`. */
export async function siteSecret(db: Kysely<Database>, name: string): Promise<Buffer> {
  return Buffer.from(await sharedSecretText(db, name, () => randomBytes(32).toString('base64url')), 'base64url');
}

/**
 * The secret called `name` as stored: the first process to ask stores what
 * `make` returns, every other one (even asking at the same moment) reads
 * that one.
 */
export function sharedSecretText(db: Kysely<Database>, name: string, make: () => string): Promise<string> {
  let keys = remembered.get(db);
  if (!keys) remembered.set(db, (keys = new Map<string, Promise<string>>()));
  let key = keys.get(name);
  if (!key) {
    key = readOrMakeKey(db, name, make);
    // A failed read (the database away) is tried again by the next request rather than remembered.
    key.catch(() => keys.delete(name));
    keys.set(name, key);
  }
  return key;
}

async function readOrMakeKey(db: Kysely<Database>, name: string, make: () => string): Promise<string> {
  await db
    .insertInto('site_secrets')
    .values({ name, value: make() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('site_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
