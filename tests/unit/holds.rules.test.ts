/** The reservation rules: limits (magazines count as books), the meter, placement decisions, contact methods, form reading. */
import { describe, expect, it } from 'vitest';
import {
  contactMethodsFor,
  decidePlacements,
  fitsWithin,
  limitMeter,
  NO_USAGE,
  parseChoices,
  parseIdList,
  pickupChangeAllowed,
  usageOf,
} from '../../src/holds/holds.rules.ts';

const limits = { book: 10, av: 1, total: 11 };
const reservable = { reservable: true } as const;

describe('hold limits', () => {
  it('counts magazines as books and audiovisual apart', () => {
    expect(usageOf(['book', 'magazine', 'av', 'book'])).toEqual({ book: 3, av: 1, total: 4 });
  });

  it('allows the tenth book and refuses the eleventh', () => {
    expect(fitsWithin({ book: 9, av: 0, total: 9 }, 'book', limits)).toBe(true);
    expect(fitsWithin({ book: 10, av: 0, total: 10 }, 'book', limits)).toBe(false);
    expect(fitsWithin({ book: 10, av: 0, total: 10 }, 'magazine', limits)).toBe(false);
  });

  it('allows one audiovisual hold beside ten books, not a second', () => {
    expect(fitsWithin({ book: 10, av: 0, total: 10 }, 'av', limits)).toBe(true);
    expect(fitsWithin({ book: 3, av: 1, total: 4 }, 'av', limits)).toBe(false);
  });

  it('applies the total limit when it is lower than the sum of the others', () => {
    const tight = { book: 10, av: 5, total: 11 };
    expect(fitsWithin({ book: 9, av: 2, total: 11 }, 'book', tight)).toBe(false);
    expect(fitsWithin({ book: 9, av: 1, total: 10 }, 'av', tight)).toBe(true);
  });
});

describe('limit meter', () => {
  it('adds the cart to the active holds: 図書 7/10・視聴覚 1/1・合計 8/11', () => {
    const meter = limitMeter({ book: 5, av: 1, total: 6 }, ['book', 'magazine'], limits);
    expect(meter.usage).toEqual({ book: 7, av: 1, total: 8 });
    expect(meter.overBy).toBe(0);
  });

  it('says how many cart titles would be refused for the limits', () => {
    const meter = limitMeter({ book: 9, av: 1, total: 10 }, ['book', 'book', 'av'], limits);
    expect(meter.usage).toEqual({ book: 11, av: 2, total: 13 });
    expect(meter.overBy).toBe(2);
  });

  it('counts a refused title as taking no place, as the confirmation does', () => {
    const cart = ['book', 'av'] as const;
    const meter = limitMeter({ book: 10, av: 0, total: 10 }, cart, limits);
    const decisions = decidePlacements(
      { book: 10, av: 0, total: 10 },
      cart.map((material, index) => ({ recordId: index, material, reservability: reservable })),
      limits,
    );
    expect(meter.overBy).toBe(1);
    expect(decisions.filter((decision) => !decision.place)).toHaveLength(meter.overBy);
    expect(meter.usage).toEqual({ book: 11, av: 1, total: 12 });
  });
});

describe('placement decisions', () => {
  it('places in cart order while the limits allow, then refuses with limit', () => {
    const decisions = decidePlacements(
      { book: 9, av: 1, total: 10 },
      [
        { recordId: 1, material: 'book', reservability: reservable },
        { recordId: 2, material: 'book', reservability: reservable },
        { recordId: 3, material: 'av', reservability: reservable },
      ],
      limits,
    );
    expect(decisions).toEqual([
      { recordId: 1, place: true },
      { recordId: 2, place: false, reason: 'limit' },
      { recordId: 3, place: false, reason: 'limit' },
    ]);
  });

  it('refuses gone and unreservable titles with their reason, without using a place', () => {
    const decisions = decidePlacements(
      { book: 9, av: 0, total: 9 },
      [
        { recordId: 1, material: null, reservability: null },
        { recordId: 2, material: 'book', reservability: { reservable: false, reason: 'onShelf' } },
        { recordId: 3, material: 'book', reservability: { reservable: false, reason: 'alreadyHeld' } },
        { recordId: 4, material: 'book', reservability: reservable },
      ],
      limits,
    );
    expect(decisions.map((d) => (d.place ? 'placed' : d.reason))).toEqual(['gone', 'onShelf', 'alreadyHeld', 'placed']);
  });

  it('places nothing at all from zero limits', () => {
    expect(
      decidePlacements(NO_USAGE, [{ recordId: 1, material: 'book', reservability: reservable }], { book: 0, av: 0, total: 0 })[0],
    ).toEqual({
      recordId: 1,
      place: false,
      reason: 'limit',
    });
  });
});

describe('contact methods', () => {
  it('offers メール only with a confirmed address that mail reaches', () => {
    expect(contactMethodsFor({ email: 'a@example.jp', confirmed: true, undeliverable: false })).toEqual(['phone', 'none', 'email']);
    expect(contactMethodsFor({ email: 'a@example.jp', confirmed: false, undeliverable: false })).toEqual(['phone', 'none']);
    expect(contactMethodsFor({ email: 'a@example.jp', confirmed: true, undeliverable: true })).toEqual(['phone', 'none']);
    expect(contactMethodsFor({ email: null, confirmed: false, undeliverable: false })).toEqual(['phone', 'none']);
  });
});

describe('reading the forms', () => {
  const places = ['main', 'bm-kita'];
  it('accepts an offered place and an allowed method', () => {
    expect(parseChoices('bm-kita', 'phone', places, ['phone', 'none'])).toEqual({ ok: true, pickup: 'bm-kita', contact: 'phone' });
  });

  it('names each mistake and keeps what was valid', () => {
    expect(parseChoices(undefined, 'none', places, ['phone', 'none'])).toEqual({
      ok: false,
      errors: ['pickupMissing'],
      pickup: null,
      contact: 'none',
    });
    expect(parseChoices('main', 'email', places, ['phone', 'none'])).toEqual({
      ok: false,
      errors: ['contactEmail'],
      pickup: 'main',
      contact: null,
    });
    expect(parseChoices(['main', 'main'], 'x'.repeat(10_000), places, ['phone'])).toEqual({
      ok: false,
      errors: ['pickupMissing', 'contactMissing'],
      pickup: null,
      contact: null,
    });
  });

  it('reads repeated ids once and refuses anything that is not a plain id', () => {
    expect(parseIdList(['3', '1', '3'])).toEqual({ ok: true, ids: [3, 1] });
    expect(parseIdList('7')).toEqual({ ok: true, ids: [7] });
    expect(parseIdList(undefined)).toEqual({ ok: false, reason: 'none' });
    for (const bad of ['0', '-1', '1e3', '12345678901', 'abc', ' 1', '9'.repeat(10_000)]) expect(parseIdList(bad).ok).toBe(false);
    expect(parseIdList(Array.from({ length: 101 }, (_, i) => String(i + 1))).ok).toBe(false);
  });

  it('keeps a copy in transit going to its pickup place', () => {
    expect(pickupChangeAllowed([{ status: 'pending', pickupPlace: 'main' }], 'bm-kita')).toBe(true);
    expect(pickupChangeAllowed([{ status: 'in_transit', pickupPlace: 'main' }], 'main')).toBe(true);
    expect(pickupChangeAllowed([{ status: 'in_transit', pickupPlace: 'main' }], 'bm-kita')).toBe(false);
  });
});
