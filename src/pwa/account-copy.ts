/** What the account page tells the service worker about the copy it may keep. */
import type { Context } from 'hono';
import { OFFLINE_COPY_HEADER, type OfflineCopyPolicy } from '../../sw/offline-copy.ts';
import type { AppEnv } from '../http/env.ts';
import { formatTime } from '../i18n/format.ts';

/**
 * Allows the worker's copy of this account page, except in a session on a
 * shared computer (「共用のパソコンで利用する」), and returns the page's time
 * (HH:MM at the library) for the banner that copy shows offline.
 */
export function offlineCopyOfAccountPage(c: Context<AppEnv>): string {
  const policy: OfflineCopyPolicy = c.var.session?.sharedDevice ? 'none' : 'allow';
  c.header(OFFLINE_COPY_HEADER, policy);
  const { clock, config } = c.var.deps;
  return formatTime(clock.now(), config.rules.timeZone);
}
