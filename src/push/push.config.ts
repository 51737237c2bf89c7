/**
 * The Web Push environment (SPEC §10): VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY
 * (both or neither; without them a pair is made once and kept in the
 * database), VAPID_SUBJECT (how a push service reaches the library), and
 * PUSH_ALLOW_HTTP for tests' plain-http stand-in push service.
 */
import { base64urlBytes, isP256PublicKey } from './push.rules.ts';

export interface VapidKeys {
  /** base64url, uncompressed P-256 point: the application server key browsers subscribe with. */
  publicKey: string;
  /** base64url, 32 bytes. */
  privateKey: string;
}

export interface PushSettings {
  /** The keys from the environment; undefined: the pair kept in the database. */
  vapidKeys: VapidKeys | undefined;
  /** The VAPID `sub` claim: a mailto: or https: contact for push services. */
  subject: string;
  /** PUSH_ALLOW_HTTP=1: http:// endpoints on loopback are accepted. */
  allowHttp: boolean;
}

type Env = Record<string, string | undefined>;

/** The settings, or the one line that says what is wrong. */
export function readPushSettings(env: Env, at: { production: boolean; mailFrom: string }): PushSettings | string {
  const publicKey = env.VAPID_PUBLIC_KEY?.trim() || undefined;
  const privateKey = env.VAPID_PRIVATE_KEY?.trim() || undefined;
  if ((publicKey === undefined) !== (privateKey === undefined)) {
    return 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both (npx web-push generate-vapid-keys) or neither';
  }
  if (publicKey !== undefined && !isP256PublicKey(base64urlBytes(publicKey))) {
    return 'VAPID_PUBLIC_KEY must be a P-256 public key in base64url (65 bytes, as npx web-push generate-vapid-keys prints it)';
  }
  if (privateKey !== undefined && base64urlBytes(privateKey)?.length !== 32) {
    return 'VAPID_PRIVATE_KEY must be a P-256 private key in base64url (32 bytes, as npx web-push generate-vapid-keys prints it)';
  }
  const subject = env.VAPID_SUBJECT?.trim() || `mailto:${at.mailFrom}`;
  if (!/^mailto:[^\s@]+@[^\s@]+$/.test(subject) && !/^https:\/\/[^\s/]+/.test(subject)) {
    return `VAPID_SUBJECT must be a mailto: address or an https: URL where push services can reach the library (got "${subject}")`;
  }
  const allowHttp = env.PUSH_ALLOW_HTTP?.trim();
  if (allowHttp !== undefined && allowHttp !== '' && allowHttp !== '1' && allowHttp !== '0') {
    return `PUSH_ALLOW_HTTP must be 1 or 0 (got "${allowHttp}")`;
  }
  if (allowHttp === '1' && at.production) {
    return 'PUSH_ALLOW_HTTP=1 is for tests only and cannot be used with NODE_ENV=production: push endpoints must be https';
  }
  return {
    vapidKeys: publicKey && privateKey ? { publicKey, privateKey } : undefined,
    subject,
    allowHttp: allowHttp === '1',
  };
}
