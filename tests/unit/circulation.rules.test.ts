/** Circulation rules: barcodes, checkout refusals, due dates and hold-shelf deadlines across closed days, notices. */
import { describe, expect, it } from 'vitest';
import type { LibraryCalendar } from '../../src/calendar/calendar.rules.ts';
import {
  checkoutRefusal,
  deadlineAfterCall,
  freeCopyDestination,
  loanDueDate,
  parseBarcode,
  pickupDeadline,
  readyNotice,
  trapOutcome,
} from '../../src/circulation/circulation.rules.ts';

const calendar: LibraryCalendar = { weeklyClosedDays: [1], closedOnNationalHolidays: true, closures: new Set(['2026-12-29']) };
const free = { status: 'on_shelf' as const, referenceOnly: false, loanPatronId: null, trappedForPatronId: null, latestIssue: false };
const goodStanding = { blockedReason: null, expiresOn: null };

describe('parseBarcode', () => {
  it('normalises full-width input and refuses what no barcode looks like', () => {
    expect(parseBarcode(' １２３ab ')).toEqual({ ok: true, barcode: '123AB' });
    expect(parseBarcode('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseBarcode('12 34')).toEqual({ ok: false, reason: 'format' });
    expect(parseBarcode('9'.repeat(10_000))).toEqual({ ok: false, reason: 'format' });
  });
});

describe('due dates and deadlines', () => {
  it('moves a due date off the Monday closure', () => {
    // 2026-12-01 (Tue) + 13 = 2026-12-14 (Mon) → Tuesday the 15th.
    expect(loanDueDate('2026-12-01', 13, calendar)).toBe('2026-12-15');
  });

  it('moves a due date across Golden Week (2026-05-04/05/06 are holidays) to the next open day', () => {
    // 2026-04-20 + 14 = 2026-05-04 (Mon, みどりの日); the 5th こどもの日, the 6th 振替休日 → the 7th.
    expect(loanDueDate('2026-04-20', 14, calendar)).toBe('2026-05-07');
    expect(loanDueDate('2026-04-21', 14, calendar)).toBe('2026-05-07');
    expect(loanDueDate('2026-04-22', 14, calendar)).toBe('2026-05-07');
  });

  it('counts the hold-shelf period from the notice day, off closed days and dated closures', () => {
    expect(pickupDeadline('2026-12-01', 7, calendar)).toBe('2026-12-08');
    expect(pickupDeadline('2026-12-22', 7, calendar)).toBe('2026-12-30');
    // A phone call later in the week pushes the deadline; an early call never shortens it.
    expect(deadlineAfterCall('2026-12-08', '2026-12-03', 7, calendar)).toBe('2026-12-10');
    expect(deadlineAfterCall('2026-12-10', '2026-12-01', 7, calendar)).toBe('2026-12-10');
  });
});

describe('checkoutRefusal', () => {
  it('says why a copy cannot go to this patron', () => {
    expect(checkoutRefusal(free, 1, goodStanding, '2026-12-01')).toBeNull();
    expect(checkoutRefusal({ ...free, status: 'lost' }, 1, goodStanding, '2026-12-01')).toBe('lost');
    expect(checkoutRefusal({ ...free, referenceOnly: true }, 1, goodStanding, '2026-12-01')).toBe('referenceOnly');
    expect(checkoutRefusal({ ...free, latestIssue: true }, 1, goodStanding, '2026-12-01')).toBe('latestIssue');
    expect(checkoutRefusal({ ...free, status: 'on_loan', loanPatronId: 2 }, 1, goodStanding, '2026-12-01')).toBe('onLoan');
    expect(checkoutRefusal({ ...free, status: 'on_loan', loanPatronId: 1 }, 1, goodStanding, '2026-12-01')).toBe('alreadyOnLoanToPatron');
    expect(checkoutRefusal({ ...free, status: 'on_hold_shelf', trappedForPatronId: 2 }, 1, goodStanding, '2026-12-01')).toBe(
      'heldForOther',
    );
    expect(checkoutRefusal({ ...free, status: 'on_hold_shelf', trappedForPatronId: 1 }, 1, goodStanding, '2026-12-01')).toBeNull();
    expect(checkoutRefusal({ ...free, status: 'in_transit', trappedForPatronId: 1 }, 1, goodStanding, '2026-12-01')).toBe('inTransit');
    expect(checkoutRefusal(free, 1, { blockedReason: '延滞', expiresOn: null }, '2026-12-01')).toBe('patronBlocked');
    expect(checkoutRefusal(free, 1, { blockedReason: null, expiresOn: '2026-11-30' }, '2026-12-01')).toBe('patronExpired');
    expect(checkoutRefusal(free, 1, { blockedReason: null, expiresOn: '2026-12-01' }, '2026-12-01')).toBeNull();
  });
});

describe('trapping and notices', () => {
  it('is ready where the copy is, in transit elsewhere', () => {
    expect(trapOutcome('main', 'main')).toBe('ready');
    expect(trapOutcome('main', 'bm-kita')).toBe('in_transit');
  });

  it('mails only a confirmed, deliverable address; else calls; 連絡不要 gets nothing', () => {
    expect(readyNotice('email', { confirmedEmail: 'a@example.jp', undeliverable: false })).toEqual({ kind: 'email', to: 'a@example.jp' });
    expect(readyNotice('email', { confirmedEmail: 'a@example.jp', undeliverable: true })).toEqual({ kind: 'call' });
    expect(readyNotice('email', { confirmedEmail: null, undeliverable: false })).toEqual({ kind: 'call' });
    expect(readyNotice('phone', { confirmedEmail: 'a@example.jp', undeliverable: false })).toEqual({ kind: 'call' });
    expect(readyNotice('none', { confirmedEmail: null, undeliverable: false })).toEqual({ kind: 'none' });
  });
});

describe('where a copy with no hold to fill goes', () => {
  it('home in transit when returned elsewhere; on the shelf at home, or anywhere when the collection floats', () => {
    expect(freeCopyDestination('minami', 'main', false)).toEqual({ kind: 'transitHome', homePlace: 'main' });
    expect(freeCopyDestination('main', 'main', false)).toEqual({ kind: 'shelf', place: 'main' });
    expect(freeCopyDestination('minami', 'main', true)).toEqual({ kind: 'shelf', place: 'minami' });
  });
});
