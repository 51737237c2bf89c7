/**
 * The bookmobile timetable's rules: weekly and every-other-week stops (across
 * the year end), listed extra and cancelled stops, the library's days off
 * cancelling stops (closures, holidays, 翌平日) but not its weekly closed
 * days, the stop a ready copy rides to, and the pickup dates that follow.
 */
import { describe, expect, it } from 'vitest';
import {
  nextStop,
  restop,
  type StationTimetable,
  stationPickup,
  type StopPattern,
  stopDays,
  stopsBetween,
} from '../../src/calendar/bookmobile.rules.ts';
import { closureDates, type LibraryCalendar } from '../../src/calendar/calendar.rules.ts';

// Mondays and holidays closed, 年末年始 29 December to 3 January.
const calendar: LibraryCalendar = {
  weeklyClosedDays: [1],
  closedOnNationalHolidays: true,
  closures: closureDates([{ from: '2026-12-29', to: '2027-01-03' }]),
};

function timetable(pattern: Partial<StopPattern> & { firstStop: string }, changes: StationTimetable['changes'] = []): StationTimetable {
  return { pattern: { everyWeeks: 1, lastStop: null, arrives: null, departs: null, ...pattern }, changes };
}

describe('stop dates', () => {
  it('a weekly pattern stops every week from its first stop, and a closure cancels a stop', () => {
    const thursdays = timetable({ firstStop: '2026-12-03' });
    expect(stopsBetween(thursdays, calendar, '2026-11-01', '2026-12-31')).toEqual(['2026-12-03', '2026-12-10', '2026-12-17', '2026-12-24']);
    expect(stopDays(thursdays, calendar, '2026-12-30', '2027-01-07')).toEqual([
      { date: '2026-12-31', extra: false, cancelled: 'closure', note: '' },
      { date: '2027-01-07', extra: false, cancelled: null, note: '' },
    ]);
  });

  it('every other week keeps its rhythm across the year end, whatever day the range starts', () => {
    const everyOther = timetable({ firstStop: '2026-12-24', everyWeeks: 2 });
    expect(stopsBetween(everyOther, { ...calendar, closures: new Set() }, '2026-12-25', '2027-02-10')).toEqual([
      '2027-01-07',
      '2027-01-21',
      '2027-02-04',
    ]);
    expect(stopsBetween(everyOther, calendar, '2026-12-01', '2027-01-31')).toEqual(['2026-12-24', '2027-01-07', '2027-01-21']);
  });

  it('stops at the last stop day', () => {
    const ending = timetable({ firstStop: '2026-12-03', lastStop: '2026-12-17' });
    expect(stopsBetween(ending, calendar, '2026-12-01', '2027-01-31')).toEqual(['2026-12-03', '2026-12-10', '2026-12-17']);
  });

  it('listed exceptions cancel a stop or add one, and an extra stop runs even on a closure', () => {
    const withChanges = timetable({ firstStop: '2026-12-03' }, [
      { date: '2026-12-10', kind: 'cancelled', note: '車両点検' },
      { date: '2026-12-12', kind: 'extra', note: '団地まつり' },
      { date: '2026-12-30', kind: 'extra', note: '年末特別便' },
    ]);
    expect(stopDays(withChanges, calendar, '2026-12-08', '2026-12-31')).toEqual([
      { date: '2026-12-10', extra: false, cancelled: 'listed', note: '車両点検' },
      { date: '2026-12-12', extra: true, cancelled: null, note: '団地まつり' },
      { date: '2026-12-17', extra: false, cancelled: null, note: '' },
      { date: '2026-12-24', extra: false, cancelled: null, note: '' },
      { date: '2026-12-30', extra: true, cancelled: null, note: '年末特別便' },
      { date: '2026-12-31', extra: false, cancelled: 'closure', note: '' },
    ]);
  });

  it('a station with no pattern stops only on its extra days', () => {
    const extrasOnly: StationTimetable = { pattern: null, changes: [{ date: '2026-12-12', kind: 'extra', note: '' }] };
    expect(stopsBetween(extrasOnly, calendar, '2026-12-01', '2026-12-31')).toEqual(['2026-12-12']);
  });

  it('the weekly closed day does not cancel a Monday van, a holiday the library closes on does', () => {
    const mondays = timetable({ firstStop: '2027-01-04' });
    // 2027-01-11 is 成人の日.
    expect(stopDays(mondays, calendar, '2027-01-04', '2027-01-18').map((d) => [d.date, d.cancelled])).toEqual([
      ['2027-01-04', null],
      ['2027-01-11', 'holiday'],
      ['2027-01-18', null],
    ]);
    expect(stopsBetween(mondays, { ...calendar, closedOnNationalHolidays: false }, '2027-01-11', '2027-01-11')).toEqual(['2027-01-11']);
  });

  it('祝日開館・翌平日休館 cancels the van on the weekday that closes instead', () => {
    const shifted: LibraryCalendar = { ...calendar, closedOnNationalHolidays: false, holidayOnClosedDay: 'openNextWeekdayClosed' };
    const tuesdays = timetable({ firstStop: '2027-01-05' });
    expect(stopDays(tuesdays, shifted, '2027-01-05', '2027-01-19').map((d) => [d.date, d.cancelled])).toEqual([
      ['2027-01-05', null],
      ['2027-01-12', 'afterHoliday'],
      ['2027-01-19', null],
    ]);
  });

  it('an explicit open day lets the van run through a closure', () => {
    const opened: LibraryCalendar = { ...calendar, openDays: new Set(['2026-12-31']) };
    expect(stopsBetween(timetable({ firstStop: '2026-12-03' }), opened, '2026-12-31', '2026-12-31')).toEqual(['2026-12-31']);
  });

  it('refuses a range too long to be a timetable question', () => {
    expect(() => stopDays(timetable({ firstStop: '2026-12-03' }), calendar, '2026-01-01', '2027-12-31')).toThrow(RangeError);
  });
});

describe('the stop a ready copy rides to', () => {
  const timed = timetable({ firstStop: '2026-12-03', arrives: '10:00', departs: '10:45' });

  it('is that day’s stop only when the copy was ready before the van arrives', () => {
    expect(nextStop(timed, calendar, { date: '2026-12-03', time: '09:30' })).toBe('2026-12-03');
    expect(nextStop(timed, calendar, { date: '2026-12-03', time: '10:00' })).toBe('2026-12-10');
    expect(nextStop(timetable({ firstStop: '2026-12-03' }), calendar, { date: '2026-12-03', time: '06:00' })).toBe('2026-12-10');
    expect(nextStop(timed, calendar, { date: '2026-12-05', time: '12:00' })).toBe('2026-12-10');
  });

  it('skips cancelled stops, and there is none once the timetable has ended', () => {
    expect(nextStop(timed, calendar, { date: '2026-12-25', time: '12:00' })).toBe('2027-01-07');
    const ended = timetable({ firstStop: '2026-11-05', lastStop: '2026-11-26' });
    expect(nextStop(ended, calendar, { date: '2026-12-01', time: '12:00' })).toBeNull();
  });
});

describe('pickup dates at a station', () => {
  const everyOther = timetable({ firstStop: '2026-12-03', everyWeeks: 2 });
  const ready = { date: '2026-12-04', time: '15:00' };

  it('waits until the stop when the stop is after the one-week deadline', () => {
    expect(stationPickup(everyOther, calendar, ready, '2026-12-11')).toEqual({ stop: '2026-12-17', deadline: '2026-12-17' });
  });

  it('keeps the one-week deadline when it is later than the stop', () => {
    const weekly = timetable({ firstStop: '2026-12-03' });
    expect(stationPickup(weekly, calendar, { date: '2026-12-08', time: '15:00' }, '2026-12-15')).toEqual({
      stop: '2026-12-10',
      deadline: '2026-12-15',
    });
  });

  it('keeps today’s one-week rule with no timetable, or none ahead', () => {
    expect(stationPickup(null, calendar, ready, '2026-12-11')).toEqual({ stop: null, deadline: '2026-12-11' });
    expect(stationPickup({ pattern: null, changes: [] }, calendar, ready, '2026-12-11')).toEqual({ stop: null, deadline: '2026-12-11' });
  });
});

describe('a ready hold when the timetable changes', () => {
  const everyOther = timetable({ firstStop: '2026-12-03', everyWeeks: 2 });

  it('keeps its dates while its stop runs', () => {
    expect(restop(everyOther, calendar, { stop: '2026-12-17', deadline: '2026-12-17' })).toBeNull();
  });

  it('rides to the next stop once its stop is cancelled, the deadline reaching it but never shortened', () => {
    const cancelled = { ...everyOther, changes: [{ date: '2026-12-17', kind: 'cancelled' as const, note: '' }] };
    // 31 December is inside the year-end closure: the next running stop is 14 January.
    expect(restop(cancelled, calendar, { stop: '2026-12-17', deadline: '2026-12-17' })).toEqual({
      stop: '2027-01-14',
      deadline: '2027-01-14',
    });
    expect(restop(cancelled, calendar, { stop: '2026-12-17', deadline: '2027-02-01' })).toEqual({
      stop: '2027-01-14',
      deadline: '2027-02-01',
    });
  });

  it('drops the stop and keeps the deadline when the station has no timetable left', () => {
    expect(restop(null, calendar, { stop: '2026-12-17', deadline: '2026-12-17' })).toEqual({ stop: null, deadline: '2026-12-17' });
  });
});
