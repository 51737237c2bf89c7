/**
 * The calendar's rule set as data: closures over several days, explicit
 * open days, weekly closed days and national holidays closed or
 * 「祝日開館・翌平日休館」, around Golden Week, the New Year, Silver Week
 * and substitute holidays (振替休日); and what a new closure moves.
 */
import { describe, expect, it } from 'vitest';
import { readClosureForm, readOpenDayForm } from '../../src/calendar/calendar.forms.ts';
import {
  calendarAt,
  closedReason,
  closureDates,
  type ClosureRange,
  type LibraryCalendar,
  nextOpenDay,
  rangeLength,
} from '../../src/calendar/calendar.rules.ts';
import { type DatedItem, type DateMove, datesToMove, movedCounts, movedDatesMails } from '../../src/calendar/date-moves.rules.ts';
import { addDays } from '../../src/time.ts';

/** Closed on Mondays; holidays closed, or open with 翌平日休館 when `shifting`; the closures and open days given. */
function calendar(options: { shifting?: boolean; closures?: ClosureRange[]; openDays?: string[] } = {}): LibraryCalendar {
  return {
    weeklyClosedDays: [1],
    closedOnNationalHolidays: !options.shifting,
    holidayOnClosedDay: options.shifting ? 'openNextWeekdayClosed' : 'closed',
    closures: closureDates(options.closures ?? []),
    openDays: new Set(options.openDays ?? []),
  };
}

/** Each day from `from` on with why it is closed, or 'open'. */
const reasons = (from: string, days: number, cal: LibraryCalendar) =>
  Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    return `${date} ${closedReason(date, cal) ?? 'open'}`;
  });

describe('closures over several days', () => {
  it('covers every day from the first to the last, across the year end', () => {
    const newYear = { from: '2026-12-28', to: '2027-01-04' };
    expect([...closureDates([newYear])]).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
      '2027-01-04',
    ]);
    expect(rangeLength(newYear)).toBe(8);
    expect([...closureDates([{ from: '2026-12-15', to: '2026-12-15' }])]).toEqual(['2026-12-15']);
  });
});

describe('Golden Week 2026 (4/29 Wed, 5/3 Sun – 5/6 Wed 振替休日)', () => {
  const stocktaking = { from: '2026-05-01', to: '2026-05-02' };

  it('holidays closed: a closure before the holidays runs into them, Thursday 5/7 opens', () => {
    expect(reasons('2026-04-29', 10, calendar({ closures: [stocktaking] }))).toEqual([
      '2026-04-29 holiday',
      '2026-04-30 open',
      '2026-05-01 closure',
      '2026-05-02 closure',
      '2026-05-03 holiday',
      '2026-05-04 weekly',
      '2026-05-05 holiday',
      '2026-05-06 holiday',
      '2026-05-07 open',
      '2026-05-08 open',
    ]);
    expect(nextOpenDay('2026-05-01', calendar({ closures: [stocktaking] }))).toBe('2026-05-07');
  });

  it('祝日開館・翌平日休館: the holidays open, the closure stays, Thursday closes instead of Monday', () => {
    expect(reasons('2026-04-29', 10, calendar({ shifting: true, closures: [stocktaking] }))).toEqual([
      '2026-04-29 open',
      '2026-04-30 open',
      '2026-05-01 closure',
      '2026-05-02 closure',
      '2026-05-03 open',
      '2026-05-04 open',
      '2026-05-05 open',
      '2026-05-06 open',
      '2026-05-07 afterHoliday',
      '2026-05-08 open',
    ]);
  });

  it('a closure over the holidays keeps Monday shut, so no weekday closes after them', () => {
    const holidays = { from: '2026-05-03', to: '2026-05-06' };
    expect(reasons('2026-05-03', 6, calendar({ shifting: true, closures: [holidays] }))).toEqual([
      '2026-05-03 closure',
      '2026-05-04 closure',
      '2026-05-05 closure',
      '2026-05-06 closure',
      '2026-05-07 open',
      '2026-05-08 open',
    ]);
  });

  it('an open day inside a closure opens that day only (こどもの日の特別開館)', () => {
    const cal = calendar({ closures: [{ from: '2026-05-03', to: '2026-05-06' }], openDays: ['2026-05-05'] });
    expect(nextOpenDay('2026-05-03', cal)).toBe('2026-05-05');
    expect(closedReason('2026-05-06', cal)).toBe('closure');
    expect(nextOpenDay('2026-05-06', cal)).toBe('2026-05-07');
  });
});

describe('the New Year', () => {
  const yearEnd = { from: '2026-12-29', to: '2027-01-03' };

  it('a closure over the year end with 元日 in it, then Monday 1/4 closed: due dates move to Tuesday 1/5', () => {
    expect(nextOpenDay('2026-12-29', calendar({ closures: [yearEnd] }))).toBe('2027-01-05');
    expect(nextOpenDay('2026-12-28', calendar({ closures: [yearEnd] }))).toBe('2027-01-05'); // a Monday just before
  });

  it('an open day on Monday 1/4 overrides the weekly closed day', () => {
    expect(nextOpenDay('2026-12-29', calendar({ closures: [yearEnd], openDays: ['2027-01-04'] }))).toBe('2027-01-04');
  });

  it('成人の日 on Monday 1/11: closed with the holidays, or open with Tuesday 1/12 closed, unless 1/12 is an open day', () => {
    expect(reasons('2027-01-11', 2, calendar())).toEqual(['2027-01-11 weekly', '2027-01-12 open']);
    expect(reasons('2027-01-11', 3, calendar({ shifting: true }))).toEqual([
      '2027-01-11 open',
      '2027-01-12 afterHoliday',
      '2027-01-13 open',
    ]);
    expect(closedReason('2027-01-12', calendar({ shifting: true, openDays: ['2027-01-12'] }))).toBeNull();
  });
});

describe('substitute holidays (振替休日) and 国民の休日', () => {
  it('春分の日 on Sunday 2027-03-21 makes Monday 3/22 a holiday: open with 翌平日休館, Tuesday closes', () => {
    expect(reasons('2027-03-21', 3, calendar({ shifting: true }))).toEqual([
      '2027-03-21 open',
      '2027-03-22 open',
      '2027-03-23 afterHoliday',
    ]);
    expect(reasons('2027-03-21', 3, calendar())).toEqual(['2027-03-21 holiday', '2027-03-22 weekly', '2027-03-23 open']);
  });

  it('a closure on the substitute Monday gives nothing to make up', () => {
    const cal = calendar({ shifting: true, closures: [{ from: '2027-03-22', to: '2027-03-22' }] });
    expect(reasons('2027-03-22', 2, cal)).toEqual(['2027-03-22 closure', '2027-03-23 open']);
  });

  it('Silver Week 2026 (9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日): the closing carries to Thursday', () => {
    expect(reasons('2026-09-21', 4, calendar({ shifting: true }))).toEqual([
      '2026-09-21 open',
      '2026-09-22 open',
      '2026-09-23 open',
      '2026-09-24 afterHoliday',
    ]);
  });

  it('the substitute Wednesday 2026-05-06 is closed only where holidays are', () => {
    expect(closedReason('2026-05-06', calendar())).toBe('holiday');
    expect(closedReason('2026-05-06', calendar({ shifting: true }))).toBeNull();
  });
});

describe('a calendar per place', () => {
  /** The library closes on Mondays; the branch 'minami' on Tuesdays instead, and for its own stocktaking. */
  const library: LibraryCalendar = {
    ...calendar({ closures: [{ from: '2026-12-29', to: '2027-01-03' }], openDays: ['2026-12-22'] }),
    places: new Map([
      ['minami', { weeklyClosedDays: [2], closures: closureDates([{ from: '2026-12-10', to: '2026-12-11' }]) }],
      ['kita', { weeklyClosedDays: null, closures: closureDates([{ from: '2026-12-03', to: '2026-12-03' }]) }],
    ]),
  };

  it('a place with its own weekly days closes on them instead of the library’s', () => {
    const minami = calendarAt(library, 'minami');
    expect(reasons('2026-12-07', 5, minami)).toEqual([
      '2026-12-07 open',
      '2026-12-08 weekly',
      '2026-12-09 open',
      '2026-12-10 closure',
      '2026-12-11 closure',
    ]);
  });

  it('keeps the library’s closures, holidays and open days at every place', () => {
    const minami = calendarAt(library, 'minami');
    expect(nextOpenDay('2026-12-29', minami)).toBe('2027-01-04'); // Monday is open there; 1/5 would be its Tuesday
    expect(closedReason('2027-01-11', minami)).toBe('holiday');
    expect(closedReason('2026-12-22', minami)).toBeNull(); // a Tuesday, but a special opening for the whole library
  });

  it('a place without weekly days of its own follows the library’s, with its own closures on top', () => {
    const kita = calendarAt(library, 'kita');
    expect(kita.weeklyClosedDays).toEqual([1]);
    expect(closedReason('2026-12-03', kita)).toBe('closure');
    expect(closedReason('2026-12-03', library)).toBeNull();
  });

  it('the library’s own calendar for a place with nothing of its own, or no place', () => {
    expect(calendarAt(library, 'main')).toBe(library);
    expect(calendarAt(library, null)).toBe(library);
  });

  it('moves a date by the calendar of the place it is due at', () => {
    const item: DatedItem = {
      kind: 'due',
      id: 1,
      patronId: 1,
      title: 'a',
      date: '2026-12-10',
      place: 'minami',
      mailTo: null,
      locale: 'ja',
    };
    expect(datesToMove([item, { ...item, id: 2, place: 'main' }], library).map((m) => [m.id, m.newDate])).toEqual([[1, '2026-12-12']]);
  });
});

describe('moving dates a new closure closes', () => {
  const item = (date: string, extra: Partial<DatedItem> = {}): DatedItem => ({
    kind: 'due',
    id: 1,
    patronId: 10,
    title: '坊っちゃん',
    date,
    place: null,
    mailTo: 'a@example.jp',
    locale: 'ja',
    ...extra,
  });
  const yearEnd = calendar({ closures: [{ from: '2026-12-29', to: '2027-01-03' }] });

  it('moves dates on closed days to the next open day and leaves open days alone', () => {
    const moves = datesToMove([item('2026-12-29'), item('2026-12-30', { kind: 'pickup', id: 2 }), item('2027-01-05', { id: 3 })], yearEnd);
    expect(moves.map((m) => [m.kind, m.id, m.newDate])).toEqual([
      ['due', 1, '2027-01-05'],
      ['pickup', 2, '2027-01-05'],
    ]);
  });

  it('writes one mail per patron who chose mail, dates in order', () => {
    const moves = datesToMove(
      [
        item('2027-01-06', { kind: 'pickup', title: '三四郎' }),
        item('2026-12-31', { title: 'こころ' }),
        item('2026-12-29', { patronId: 11, mailTo: null }),
        item('2026-12-30', { patronId: 12, mailTo: 'b@example.jp', locale: 'en' }),
      ],
      calendar({
        closures: [
          { from: '2026-12-29', to: '2027-01-03' },
          { from: '2027-01-06', to: '2027-01-07' },
        ],
        openDays: ['2027-01-04'],
      }),
    );
    expect(movedDatesMails(moves)).toEqual([
      {
        patronId: 10,
        to: 'a@example.jp',
        locale: 'ja',
        items: [
          { kind: 'due', title: 'こころ', date: '2027-01-04' },
          { kind: 'pickup', title: '三四郎', date: '2027-01-08' },
        ],
      },
      { patronId: 12, to: 'b@example.jp', locale: 'en', items: [{ kind: 'due', title: '坊っちゃん', date: '2027-01-04' }] },
    ]);
  });
});

describe('mailing holds moved to a later bookmobile stop', () => {
  const hold: DateMove = {
    kind: 'pickup',
    id: 7,
    patronId: 10,
    title: '銀河鉄道の夜',
    date: '2026-12-17',
    place: 'bm-kita',
    mailTo: 'a@example.jp',
    locale: 'ja',
    newDate: '2026-12-31',
    newStop: '2026-12-31',
  };

  it('names the stop with the deadline, and a hold moved again off a closed day is one line with its last date', () => {
    const dueMove: DateMove = {
      ...hold,
      kind: 'due',
      id: 7,
      title: '坊っちゃん',
      date: '2026-12-29',
      newDate: '2027-01-05',
      newStop: undefined,
    };
    const offClosedDay: DateMove = { ...hold, date: '2026-12-31', newDate: '2027-01-05', newStop: undefined };
    expect(movedDatesMails([hold, dueMove, offClosedDay])).toEqual([
      {
        patronId: 10,
        to: 'a@example.jp',
        locale: 'ja',
        items: [
          { kind: 'pickup', title: '銀河鉄道の夜', date: '2027-01-05', stop: '2026-12-31' },
          { kind: 'due', title: '坊っちゃん', date: '2027-01-05' },
        ],
      },
    ]);
    expect(movedCounts([hold, dueMove, offClosedDay])).toEqual({ loans: 1, holds: 1, stops: 1 });
  });

  it('keeps a stop dropped for want of one ahead, and tells no one who did not choose mail', () => {
    expect(movedDatesMails([{ ...hold, newDate: '2026-12-17', newStop: null }])[0]!.items).toEqual([
      { kind: 'pickup', title: '銀河鉄道の夜', date: '2026-12-17', stop: null },
    ]);
    expect(movedDatesMails([{ ...hold, mailTo: null }])).toEqual([]);
  });
});

describe('the calendar forms', () => {
  const places = ['main', 'minami'];

  it('reads a closure as the desk types it; an empty last day means one day', () => {
    expect(readClosureForm({ from: '２０２６年１２月２９日', to: '2027/1/3', note: ' 年末年始\u0000 ', place: '' }, places)).toEqual({
      ok: true,
      value: { from: '2026-12-29', to: '2027-01-03', note: '年末年始', place: null },
    });
    expect(readClosureForm({ from: '2026-12-15', to: '', note: '', place: 'minami' }, places)).toEqual({
      ok: true,
      value: { from: '2026-12-15', to: '2026-12-15', note: '', place: 'minami' },
    });
  });

  it.each([
    [{ from: '', to: '', note: '' }, [['from', 'admin.calendar.date.empty']]],
    [{ from: '2026-02-30', to: '2026-03-02', note: '' }, [['from', 'admin.calendar.date.impossible']]],
    [{ from: '2026-12-29', to: 'soon', note: '' }, [['to', 'admin.calendar.date.format']]],
    [{ from: '2026-12-29', to: '2026-12-28', note: '' }, [['to', 'admin.calendar.toBeforeFrom']]],
    [{ from: '2026-01-01', to: '2026-07-03', note: '' }, [['to', 'admin.calendar.tooLong']]],
    [{ from: '2026-12-29', to: '', note: 'あ'.repeat(101) }, [['note', 'admin.calendar.noteTooLong']]],
    [{ from: '2026-12-29', to: '', note: '', place: 'mars' }, [['place', 'admin.calendar.badPlace']]],
  ])('refuses %j', (form, expected) => {
    const read = readClosureForm({ place: '', ...form }, places);
    expect(read.ok ? [] : read.errors.map((e) => [e.field, e.key])).toEqual(expected);
  });

  it('takes a closure of exactly the longest length', () => {
    expect(readClosureForm({ from: '2026-01-01', to: '2026-07-02', note: '', place: '' }, places).ok).toBe(true);
  });

  it('reads an open day, and names the field of a bad one', () => {
    expect(readOpenDayForm({ open_date: '令和9年1月4日', open_note: '特別開館' })).toEqual({
      ok: true,
      value: { date: '2027-01-04', note: '特別開館' },
    });
    const bad = readOpenDayForm({ open_date: '2027-13-01', open_note: '' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['open_date']);
  });
});
