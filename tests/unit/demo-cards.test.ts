/** The demo patrons' cards follow the configured card pattern, or the seed says why it cannot. */
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/config.ts';
import { demoCardNumber } from '../../src/demo/demo-cards.ts';

describe('demoCardNumber', () => {
  it('keeps the README cards under the default pattern', () => {
    expect(demoCardNumber('01000001', defaultRules)).toBe('01000001');
  });

  it('puts the demo serial after the example prefix of another pattern', () => {
    expect(demoCardNumber('01000004', { cardNumberPattern: '^2\\d{9}$', cardNumberExample: '2000000001' })).toBe('2001000004');
    expect(demoCardNumber('01000004', { cardNumberPattern: '^L\\d{9}$', cardNumberExample: 'L123456789' })).toBe('L121000004');
  });

  it('refuses a pattern the demo cards cannot follow, naming the way out', () => {
    expect(() => demoCardNumber('01000001', { cardNumberPattern: '^\\d{6}$', cardNumberExample: '123456' })).toThrow(/start with DEMO=0/);
  });
});
