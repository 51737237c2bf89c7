/**
 * The bookmobile timetable's admin page (/staff/admin/calendar/bookmobile):
 * per 「BM」 station a stop pattern set or removed, extra and cancelled stops
 * listed or removed one at a time or from a CSV file (all or nothing). Every
 * change is audit-logged as the calendar's are. A stop already named to
 * patrons that no longer runs moves their ready holds to the next stop, and
 * those who chose mail are told (timetable-change.ts).
 */
import { type Context, Hono } from 'hono';
import { BookmobilePage, bookmobileNotices, type BookmobileView } from '../../templates/staff-bookmobile.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import type { CalendarDate } from '../db/schema.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { CsvEncodingError, decodeCsv } from '../imports/csv-encoding.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { addDays, isCalendarDate, libraryDate } from '../time.ts';
import { readStopCsv } from './bookmobile-csv.ts';
import { readChangeForm, readPatternForm, readStation } from './bookmobile.forms.ts';
import { clearStopPattern, deleteStopChange, loadTimetables, saveStopChange, saveStopPattern } from './bookmobile.repo.ts';
import { stopDays } from './bookmobile.rules.ts';
import { calendarAt } from './calendar.rules.ts';
import { loadLibraryCalendar } from './calendar.repo.ts';
import { changeTimetable as applyChange, type ChangeContext, importStops, stationCodes as stationsOf } from './timetable-change.ts';
import { postedForm } from '../http/posted-form.ts';

type StaffContext = Context<StaffEnv>;

const PAGE = '/staff/admin/calendar/bookmobile';

/** The coming stops the page lists for each station. */
const UPCOMING_DAYS = 56;

/** A stop-date file is a few hundred lines; this is far above that and well below the form-size limit. */
const MAX_CSV_BYTES = 32 * 1024;

function today(c: StaffContext): CalendarDate {
  return libraryDate(c.var.deps.clock.now(), c.var.deps.config.rules.timeZone);
}

/** The configured 「BM」 stations, in the settings' order. */
function stations(c: StaffContext) {
  return c.var.deps.config.rules.pickupPlaces.filter((p) => p.kind === 'bookmobile');
}

function stationCodes(c: StaffContext): string[] {
  return stationsOf(c.var.deps.config);
}

interface Shown {
  errors?: FormError[];
  notice?: BookmobileView['notice'];
  form?: Record<string, string>;
}

async function renderBookmobile(c: StaffContext, shown: Shown, status: 200 | 422 = 200) {
  const { db, config } = c.var.deps;
  const from = today(c);
  const calendar = await loadLibraryCalendar(db, config.rules, from);
  const timetables = await loadTimetables(db, from, stationCodes(c));
  const view: BookmobileView = {
    stations: stations(c).map((station) => {
      const timetable = timetables.get(station.code) ?? { pattern: null, changes: [] };
      return {
        code: station.code,
        name: station.name[c.var.locale],
        pattern: timetable.pattern,
        upcoming: stopDays(timetable, calendarAt(calendar, station.code), from, addDays(from, UPCOMING_DAYS)),
        changes: [...timetable.changes],
      };
    }),
    errors: shown.errors ?? [],
    notice: shown.notice ?? null,
    form: shown.form ?? {},
  };
  return render(c, {
    title: c.var.t('admin.bookmobile.title'),
    status,
    page: (pageContext) => <BookmobilePage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

/** A number a redirect carries, when it is a plain one. */
function countParam(c: StaffContext, name: string): number {
  const value = c.req.query(name) ?? '';
  return /^\d{1,5}$/.test(value) ? Number(value) : 0;
}

/** The notice a redirect names (`done`, with `count` for an import and `moved` for holds moved to another stop). */
function noticeFromQuery(c: StaffContext): BookmobileView['notice'] {
  const kind = bookmobileNotices.find((n) => n === c.req.query('done'));
  return kind ? { kind, count: countParam(c, 'count'), moved: countParam(c, 'moved') } : null;
}

function done(c: StaffContext, notice: (typeof bookmobileNotices)[number], counts: { count?: number; moved?: number } = {}) {
  const params = new URLSearchParams({ done: notice });
  if (counts.count !== undefined) params.set('count', String(counts.count));
  if (counts.moved) params.set('moved', String(counts.moved));
  return c.redirect(`${PAGE}?${params}`, 303);
}

/** A timetable change by the signed-in admin (see timetable-change.ts). */
function changeTimetable(
  c: StaffContext,
  entry: { action: string; details: Record<string, unknown> },
  change: (tx: StaffContext['var']['deps']['db']) => Promise<boolean>,
): Promise<number | null> {
  return applyChange(c.var.deps.db, changeContext(c), entry, change);
}

function changeContext(c: StaffContext): ChangeContext {
  return { config: c.var.deps.config, now: c.var.deps.clock.now(), today: today(c), staffId: currentStaff(c).id };
}

/** The uploaded CSV as text, or the problem with the upload itself. */
async function uploadedText(file: unknown): Promise<{ ok: true; text: string } | { ok: false; error: FormError }> {
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: { field: 'file', key: 'admin.bookmobile.noFile' } };
  if (file.size > MAX_CSV_BYTES)
    return { ok: false, error: { field: 'file', key: 'admin.bookmobile.tooLarge', params: { kb: MAX_CSV_BYTES / 1024 } } };
  try {
    return { ok: true, text: decodeCsv(new Uint8Array(await file.arrayBuffer())) };
  } catch (error) {
    if (error instanceof CsvEncodingError) return { ok: false, error: { field: 'file', key: 'admin.bookmobile.csv.encoding' } };
    throw error;
  }
}

export const bookmobileRoutes = new Hono<StaffEnv>()
  .get('/', (c) => renderBookmobile(c, { notice: noticeFromQuery(c) }))
  .post('/pattern', async (c) => {
    const form = await formFields(c, ['station', 'first_stop', 'every_weeks', 'last_stop', 'arrives', 'departs']);
    const read = readPatternForm(form, stationCodes(c));
    if (!read.ok) return renderBookmobile(c, { errors: read.errors, form }, 422);
    const { station, pattern } = read.value;
    const moved = await changeTimetable(c, { action: 'bookmobile-pattern-set', details: { station, ...pattern } }, async (tx) => {
      await saveStopPattern(tx, station, pattern);
      return true;
    });
    return done(c, 'pattern', { moved: moved ?? 0 });
  })
  .post('/pattern/clear', async (c) => {
    const station = readStation((await formFields(c, ['station'])).station, stationCodes(c));
    const moved =
      station === null
        ? null
        : await changeTimetable(c, { action: 'bookmobile-pattern-cleared', details: { station } }, (tx) => clearStopPattern(tx, station));
    return moved === null ? done(c, 'patternNotFound') : done(c, 'patternCleared', { moved });
  })
  .post('/changes', async (c) => {
    const form = await formFields(c, ['change_station', 'change_date', 'change_kind', 'change_note']);
    const read = readChangeForm(
      { station: form.change_station, date: form.change_date, kind: form.change_kind, note: form.change_note },
      stationCodes(c),
      today(c),
    );
    if (!read.ok) return renderBookmobile(c, { errors: read.errors, form }, 422);
    const { station, change } = read.value;
    const moved = await changeTimetable(c, { action: 'bookmobile-stop-listed', details: { station, ...change } }, async (tx) => {
      await saveStopChange(tx, station, change);
      return true;
    });
    return done(c, 'change', { moved: moved ?? 0 });
  })
  .post('/changes/:station/:date/delete', async (c) => {
    const station = readStation(c.req.param('station'), stationCodes(c));
    const date = c.req.param('date');
    // Removing an extra stop cancels it: holds riding to it move on, as for a listed cancellation.
    const moved =
      station === null || !isCalendarDate(date)
        ? null
        : await changeTimetable(c, { action: 'bookmobile-stop-removed', details: { station, date } }, (tx) =>
            deleteStopChange(tx, station, date),
          );
    return moved === null ? done(c, 'changeNotFound') : done(c, 'changeRemoved', { moved });
  })
  .post('/import', async (c) => {
    const body = await postedForm(c);
    const upload = await uploadedText(body.file);
    if (!upload.ok) return renderBookmobile(c, { errors: [upload.error] }, 422);
    const parsed = readStopCsv(upload.text, stationCodes(c), today(c));
    if (!parsed.ok) return renderBookmobile(c, { errors: parsed.errors }, 422);
    const fileName = body.file instanceof File ? body.file.name : '';
    const moved = await importStops(c.var.deps.db, changeContext(c), fileName, parsed.rows);
    return done(c, 'imported', { count: parsed.rows.length, moved });
  });
