/**
 * Keys every web process must share (site_secrets): made by whichever
 * process needs one first, read by every other, and remembered per database
 * handle so that separate test databases keep separate keys.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const remembered = new WeakMap<Kysely<Database>, Map<string, Promise<Buffer>>>();

/** The 32-byte key called `name`. */
export function siteSecret(db: Kysely<Database>, name: string): Promise<Buffer> {
  let keys = remembered.get(db);
  if (!keys) remembered.set(db, (keys = new Map<string, Promise<Buffer>>()));
  let key = keys.get(name);
  if (!key) {
    key = readOrMakeKey(db, name);
    // A failed read (the database away) is tried again by the next request rather than remembered.
    key.catch(() => keys.delete(name));
    keys.set(name, key);
  }
  return key;
}

async function readOrMakeKey(db: Kysely<Database>, name: string): Promise<Buffer> {
  await db
    .insertInto('site_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('site_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
