/**
 * The library calendar's admin page (/staff/admin/calendar, SPEC §10): the
 * weekly closed days, closures over several days and explicit open days.
 * Adding a closure (or removing an open day) moves the due dates and pickup
 * deadlines it now closes to the next open day in the same transaction, and
 * the page says how many; removing a closure or adding an open day
 * shortens nothing already given.
 */
import { type Context, Hono } from 'hono';
import { CalendarPage, calendarNotices, type CalendarView } from '../../templates/staff-calendar.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { audit } from '../audit/audit.repo.ts';
import type { CalendarDate } from '../db/schema.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { parseDate } from '../patrons/patron.rules.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { libraryDate } from '../time.ts';
import {
  closureWindow,
  deleteClosure,
  deleteOpenDay,
  listClosures,
  listOpenDays,
  loadLibraryCalendar,
  loadPlaceWeeklyClosedDays,
  loadWeeklyClosedDays,
  saveClosure,
  saveOpenDay,
  savePlaceWeeklyClosedDays,
  saveWeeklyClosedDays,
} from './calendar.repo.ts';
import { readClosureForm, readOpenDayForm, readPlace } from './calendar.forms.ts';
import { moveHoldsOffCancelledStops } from './bookmobile.repo.ts';
import { moveDatesOffClosedDays, type PlacedRange, queueMovedDatesMails } from './date-moves.repo.ts';
import { type MovedCounts, movedCounts } from './date-moves.rules.ts';
import { postedForm } from '../http/posted-form.ts';

type StaffContext = Context<StaffEnv>;

const PAGE = '/staff/admin/calendar';

function auditContext(c: StaffContext) {
  return { now: c.var.deps.clock.now(), staffId: currentStaff(c).id };
}

function today(c: StaffContext): CalendarDate {
  return libraryDate(c.var.deps.clock.now(), c.var.deps.config.rules.timeZone);
}

interface Shown {
  errors?: FormError[];
  notice?: CalendarView['notice'];
  moved?: MovedCounts | null;
  form?: Record<string, string>;
}

async function renderCalendar(c: StaffContext, shown: Shown, status: 200 | 422 = 200) {
  const { db, config } = c.var.deps;
  const from = today(c);
  const view: CalendarView = {
    places: config.rules.pickupPlaces.map((p) => ({ code: p.code, name: p.name[c.var.locale] })),
    weeklyClosedDays: await loadWeeklyClosedDays(db, config.rules),
    placeWeeklyClosedDays: Object.fromEntries(await loadPlaceWeeklyClosedDays(db)),
    closures: await listClosures(db, from),
    openDays: await listOpenDays(db, from),
    errors: shown.errors ?? [],
    notice: shown.notice ?? null,
    moved: shown.moved ?? null,
    form: shown.form ?? {},
  };
  return render(c, {
    title: c.var.t('admin.calendar.title'),
    status,
    page: (pageContext) => <CalendarPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

/** The counts a redirect carries (`loans`, `holds`, and `stops` when any), when they are plain numbers. */
function movedFromQuery(c: StaffContext): MovedCounts | null {
  const loans = c.req.query('loans') ?? '';
  const holds = c.req.query('holds') ?? '';
  const stops = c.req.query('stops') ?? '0';
  const counts = [loans, holds, stops];
  return counts.every((n) => /^\d{1,7}$/.test(n)) ? { loans: Number(loans), holds: Number(holds), stops: Number(stops) } : null;
}

function doneUrl(notice: (typeof calendarNotices)[number], moved?: MovedCounts): string {
  if (!moved) return `${PAGE}?done=${notice}`;
  const url = `${PAGE}?done=${notice}&loans=${moved.loans}&holds=${moved.holds}`;
  return moved.stops > 0 ? `${url}&stops=${moved.stops}` : url;
}

/**
 * Moves what `range` now closes, with the calendar read in the same
 * transaction (the change just made in it), and queues the mails. A day
 * off cancels the bookmobile's stops too: ready holds riding to a stop it
 * cancelled go on to the station's next stop first, so their deadline
 * still reaches a stop; a patron hears of both moves in one mail.
 */
async function moveDates(c: StaffContext, tx: StaffContext['var']['deps']['db'], range: PlacedRange): Promise<MovedCounts> {
  const { config, clock } = c.var.deps;
  const calendar = await loadLibraryCalendar(tx, config.rules, today(c), range.from);
  const stations = config.rules.pickupPlaces.filter((p) => p.kind === 'bookmobile').map((p) => p.code);
  const moves = [
    ...(await moveHoldsOffCancelledStops(tx, calendar, today(c), stations)),
    ...(await moveDatesOffClosedDays(tx, range, calendar)),
  ];
  await queueMovedDatesMails(tx, moves, { now: clock.now(), mailFrom: config.mailFrom });
  return movedCounts(moves);
}

/** The date in a delete URL, if it is a real calendar date (PostgreSQL refuses 2026-02-30 with an error). */
function pathDate(raw: string): CalendarDate | null {
  const parsed = parseDate(raw);
  return parsed.ok ? parsed.date : null;
}

function placeCodes(c: StaffContext): string[] {
  return c.var.deps.config.rules.pickupPlaces.map((p) => p.code);
}

/** The weekdays ticked in a weekly form: the valid ones, and whether every value was one. */
function tickedDays(raw: unknown): { days: number[]; clean: boolean } {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
  const days = [...new Set(values.filter((v) => /^[0-6]$/.test(v)).map(Number))].sort();
  return { days, clean: days.length === values.length };
}

export const calendarRoutes = new Hono<StaffEnv>()
  .get('/', (c) => renderCalendar(c, { notice: calendarNotices.find((n) => n === c.req.query('done')) ?? null, moved: movedFromQuery(c) }))
  .post('/weekly', async (c) => {
    const body = await postedForm(c, { all: true });
    const place = readPlace(typeof body.place === 'string' ? body.place : '', placeCodes(c));
    const { days, clean } = tickedDays(body.day);
    const field = place ? `day-${place}-0` : 'day-0';
    if (place === undefined || !clean || days.length === 7) {
      const key = days.length === 7 ? 'admin.calendar.allClosed' : 'admin.calendar.badDay';
      return renderCalendar(c, { errors: [{ field, key }] }, 422);
    }
    // A place ticked 「全館と同じ」 follows the library's days again.
    const own = place !== null && body.follow !== '1' ? days : null;
    // Dates already given that now fall on a closed day move to the next open one, as for a new closure.
    const moved = await c.var.deps.db.transaction().execute(async (tx) => {
      if (place === null) await saveWeeklyClosedDays(tx, days);
      else await savePlaceWeeklyClosedDays(tx, place, own);
      const counts = await moveDates(c, tx, { from: today(c), to: closureWindow(today(c)).to, place });
      const details = place === null ? { days, moved: counts } : { place, days: own, moved: counts };
      await audit(tx, auditContext(c), { action: 'calendar-weekly', details });
      return counts;
    });
    return c.redirect(doneUrl('weekly', moved), 303);
  })
  .post('/closures', async (c) => {
    const form = await formFields(c, ['from', 'to', 'note', 'place']);
    const read = readClosureForm(form, placeCodes(c));
    if (!read.ok) return renderCalendar(c, { errors: read.errors, form }, 422);
    const closure = read.value;
    const moved = await c.var.deps.db.transaction().execute(async (tx) => {
      await saveClosure(tx, closure);
      const counts = await moveDates(c, tx, closure);
      await audit(tx, auditContext(c), { action: 'calendar-closure-added', details: { ...closure, moved: counts } });
      return counts;
    });
    return c.redirect(doneUrl('added', moved), 303);
  })
  .post('/closures/:from/delete', async (c) => {
    const from = pathDate(c.req.param('from'));
    const place = readPlace((await formFields(c, ['place'])).place, placeCodes(c));
    const removed = from !== null && place !== undefined && (await deleteClosure(c.var.deps.db, from, place));
    if (removed) await audit(c.var.deps.db, auditContext(c), { action: 'calendar-closure-removed', details: { from, place } });
    return c.redirect(doneUrl(removed ? 'removed' : 'notFound'), 303);
  })
  .post('/open-days', async (c) => {
    const form = await formFields(c, ['open_date', 'open_note']);
    const read = readOpenDayForm(form);
    if (!read.ok) return renderCalendar(c, { errors: read.errors, form }, 422);
    await saveOpenDay(c.var.deps.db, read.value);
    await audit(c.var.deps.db, auditContext(c), { action: 'calendar-open-day-added', details: read.value });
    return c.redirect(doneUrl('openAdded'), 303);
  })
  .post('/open-days/:date/delete', async (c) => {
    const date = pathDate(c.req.param('date'));
    // The day may close again: what is due on it moves on, as for a new closure.
    const moved =
      date !== null &&
      (await c.var.deps.db.transaction().execute(async (tx) => {
        if (!(await deleteOpenDay(tx, date))) return null;
        const counts = await moveDates(c, tx, { from: date, to: date, place: null });
        await audit(tx, auditContext(c), { action: 'calendar-open-day-removed', details: { date, moved: counts } });
        return counts;
      }));
    return c.redirect(moved ? doneUrl('openRemoved', moved) : doneUrl('openNotFound'), 303);
  });
