/**
 * The VAPID key pair (RFC 8292) the library signs its pushes with: from the
 * environment, or made once and kept in site_secrets, so every web process
 * hands browsers the same public key and every worker signs with its pair
 * (a subscription made with one key is refused by the push service under
 * another).
 */
import type { Kysely } from 'kysely';
import webPush from 'web-push';
import type { Database } from '../db/schema.ts';
import { sharedSecretText } from '../site/site-secrets.repo.ts';
import type { PushSettings, VapidKeys } from './push.config.ts';

/** The pair in force. */
export async function vapidKeys(db: Kysely<Database>, settings: PushSettings): Promise<VapidKeys> {
  if (settings.vapidKeys) return settings.vapidKeys;
  const stored = await sharedSecretText(db, 'vapid', () => JSON.stringify(webPush.generateVAPIDKeys()));
  const { publicKey, privateKey } = JSON.parse(stored) as VapidKeys;
  return { publicKey, privateKey };
}
