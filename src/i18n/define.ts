import type { Locale } from '../config.ts';

/**
 * One feature's strings, Japanese first. The English table must have exactly
 * the Japanese keys, so a missing translation fails `npm run check`.
 */
export function defineMessages<K extends string>(ja: Record<K, string>, en: Record<NoInfer<K>, string>): Record<Locale, Record<K, string>> {
  return { ja, en };
}
