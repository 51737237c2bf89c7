/**
 * The demo patrons' card numbers under the configured card pattern: their
 * serial (the last seven digits of 01000001 …) after the configured
 * example's leading characters, so the default pattern keeps the README's
 * cards and a library trying 10-digit cards (example 2000000001) signs in
 * as 2001000001. A demo patron whose card the pattern refuses could never
 * sign in, so a pattern this cannot follow stops the seed with the way out.
 */
import type { LibraryRules } from '../config.ts';

const SERIAL_DIGITS = 7;

/** The card number a demo patron gets under these rules. */
export function demoCardNumber(demoCard: string, rules: Pick<LibraryRules, 'cardNumberPattern' | 'cardNumberExample'>): string {
  const prefix = rules.cardNumberExample.slice(0, Math.max(0, rules.cardNumberExample.length - SERIAL_DIGITS));
  const card = prefix + demoCard.slice(-SERIAL_DIGITS);
  if (!new RegExp(rules.cardNumberPattern).test(card)) {
    throw new Error(
      `The demo library's card numbers cannot follow LIBRARY_CONFIG cardNumberPattern ${rules.cardNumberPattern} (tried ${card}): start with DEMO=0, or try the demo under a pattern that takes ${card}`,
    );
  }
  return card;
}
