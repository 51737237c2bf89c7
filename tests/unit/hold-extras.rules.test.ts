/** The rules of 予約の保留, 順番予約 and step ⑤'s options (SPEC §14): who checkin passes over, the dates patrons type. */
import { describe, expect, it } from 'vitest';
import { MAX_DAYS_AHEAD, parseHoldDate } from '../../src/holds/hold-dates.rules.ts';
import { isSuspended, passedOver, seriesPlaces, waitsForEarlier } from '../../src/holds/hold-queue.rules.ts';
import { optionParams, parseReserveOptions } from '../../src/holds/reserve-options.rules.ts';

const today = '2026-12-01';

describe('suspension', () => {
  it('holds until the day before `until` and ends by itself on it', () => {
    expect(isSuspended('2026-12-10', '2026-12-09')).toBe(true);
    expect(isSuspended('2026-12-10', '2026-12-10')).toBe(false);
    expect(isSuspended('2026-12-10', '2026-12-11')).toBe(false);
    expect(isSuspended(null, today)).toBe(false);
  });
});

describe('series ordering', () => {
  it('waits while the earlier title is pending, in transit or on the hold shelf, and not once it is finished', () => {
    for (const status of ['pending', 'in_transit', 'ready'] as const) expect(waitsForEarlier(status)).toBe(true);
    for (const status of ['fulfilled', 'cancelled', 'expired'] as const) expect(waitsForEarlier(status)).toBe(false);
    expect(waitsForEarlier(null)).toBe(false);
  });

  it('numbers the placed holds 1/n … n/n only when asked for and there are two or more', () => {
    expect(seriesPlaces(3, true)).toEqual([
      { position: 1, size: 3 },
      { position: 2, size: 3 },
      { position: 3, size: 3 },
    ]);
    expect(seriesPlaces(1, true)).toEqual([null]);
    expect(seriesPlaces(2, false)).toEqual([null, null]);
    expect(seriesPlaces(0, true)).toEqual([]);
  });
});

describe('checkin passes a hold over', () => {
  it('while it is suspended or its earlier title is unfinished, and serves it otherwise', () => {
    expect(passedOver({ suspendedUntil: '2026-12-05', earlierStatus: null }, today)).toBe(true);
    expect(passedOver({ suspendedUntil: null, earlierStatus: 'ready' }, today)).toBe(true);
    expect(passedOver({ suspendedUntil: '2026-12-01', earlierStatus: 'fulfilled' }, today)).toBe(false);
    expect(passedOver({ suspendedUntil: null, earlierStatus: null }, today)).toBe(false);
    // Both reasons at once: the hold waits until both are over.
    expect(passedOver({ suspendedUntil: '2026-11-30', earlierStatus: 'pending' }, today)).toBe(true);
  });
});

describe('the dates patrons type', () => {
  it('reads ISO dates, full-width digits, slashes and single-digit months', () => {
    expect(parseHoldDate('2026-12-24', today, { optional: false })).toEqual({ ok: true, date: '2026-12-24' });
    expect(parseHoldDate('２０２６－１２－２４', today, { optional: false })).toEqual({ ok: true, date: '2026-12-24' });
    expect(parseHoldDate(' 2027/1/5 ', today, { optional: false })).toEqual({ ok: true, date: '2027-01-05' });
  });

  it('refuses a missing, malformed, past, today or too distant date with its reason', () => {
    expect(parseHoldDate('', today, { optional: false })).toEqual({ ok: false, error: 'missing' });
    expect(parseHoldDate(undefined, today, { optional: false })).toEqual({ ok: false, error: 'missing' });
    for (const bad of ['2026-02-30', '12/24', 'tomorrow', '2026-12-24T00:00', ['2026-12-24', '2026-12-25']]) {
      expect(parseHoldDate(bad, today, { optional: false })).toEqual({ ok: false, error: 'format' });
    }
    expect(parseHoldDate(today, today, { optional: false })).toEqual({ ok: false, error: 'notFuture' });
    expect(parseHoldDate('2026-11-30', today, { optional: false })).toEqual({ ok: false, error: 'notFuture' });
    expect(parseHoldDate('2027-12-03', today, { optional: false })).toEqual({ ok: false, error: 'tooFar' });
    expect(MAX_DAYS_AHEAD).toBe(366);
    expect(parseHoldDate('2027-12-02', today, { optional: false })).toEqual({ ok: true, date: '2027-12-02' });
  });

  it('an optional date may be left empty', () => {
    expect(parseHoldDate('', today, { optional: true })).toEqual({ ok: true, date: null });
    expect(parseHoldDate(undefined, today, { optional: true })).toEqual({ ok: true, date: null });
  });
});

describe("step ⑤'s options", () => {
  it('reads need_by and in_order=1, and gives them back as the query of the next step', () => {
    const read = parseReserveOptions('２０２６-１２-２０', '1', today);
    expect(read).toEqual({ ok: true, options: { needBy: '2026-12-20', inOrder: true } });
    expect(optionParams({ needBy: '2026-12-20', inOrder: true })).toEqual({ need_by: '2026-12-20', in_order: '1' });
    expect(parseReserveOptions(undefined, undefined, today)).toEqual({ ok: true, options: { needBy: null, inOrder: false } });
    expect(optionParams({ needBy: null, inOrder: false })).toEqual({});
  });

  it('keeps what was typed and names each mistake', () => {
    expect(parseReserveOptions('2026-11-01', 'yes', today)).toEqual({
      ok: false,
      errors: [{ field: 'need_by', error: 'notFuture' }, { field: 'in_order' }],
      needByText: '2026-11-01',
      inOrder: false,
    });
  });
});
