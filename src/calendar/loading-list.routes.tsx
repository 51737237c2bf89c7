/**
 * 移動図書館 積込リスト (/staff/bookmobile?station=&date=): what the van
 * loads for one station's stop, printable as a plain page. With no date
 * it shows the station's next stop; a day off the timetable is shown all
 * the same, with a warning (a trip may be made that nobody listed).
 */
import { type Context, Hono } from 'hono';
import { LoadingListPage, type LoadingListView } from '../../templates/staff-loading-list.tsx';
import type { CalendarDate } from '../db/schema.ts';
import { render } from '../http/render.tsx';
import { parseDate } from '../patrons/patron.rules.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { addDays, libraryDate } from '../time.ts';
import { readStation } from './bookmobile.forms.ts';
import { loadingList, loadTimetable } from './bookmobile.repo.ts';
import { stopsBetween } from './bookmobile.rules.ts';
import { calendarAt } from './calendar.rules.ts';
import { loadLibraryCalendar } from './calendar.repo.ts';

type StaffContext = Context<StaffEnv>;

/** The stops offered as links, and how far ahead they are looked for. */
const NEXT_STOPS = 4;
const NEXT_STOPS_DAYS = 120;

async function loadingListPage(c: StaffContext) {
  const { db, config } = c.var.deps;
  const today: CalendarDate = libraryDate(c.var.deps.clock.now(), config.rules.timeZone);
  const stations = config.rules.pickupPlaces
    .filter((p) => p.kind === 'bookmobile')
    .map((p) => ({ code: p.code, name: p.name[c.var.locale] }));
  const code =
    readStation(
      c.req.query('station') ?? '',
      stations.map((s) => s.code),
    ) ?? stations[0]?.code;
  const station = stations.find((s) => s.code === code) ?? null;
  const view: LoadingListView = { stations, station, date: '', isStop: false, nextStops: [], ready: [], inTransit: [], errors: [] };
  if (station) {
    const timetable = await loadTimetable(db, station.code, today);
    const calendar = calendarAt(await loadLibraryCalendar(db, config.rules, today), station.code);
    const stops = (from: CalendarDate, to: CalendarDate) => (timetable ? stopsBetween(timetable, calendar, from, to) : []);
    view.nextStops = stops(today, addDays(today, NEXT_STOPS_DAYS)).slice(0, NEXT_STOPS);
    const typed = c.req.query('date') ?? '';
    const parsed = typed === '' ? null : parseDate(typed);
    if (parsed && !parsed.ok) {
      view.date = typed.slice(0, 40);
      view.errors = [{ field: 'date', key: 'desk.loading.badDate' }];
    } else {
      view.date = parsed?.date ?? view.nextStops[0] ?? today;
      view.isStop = stops(view.date, view.date).length > 0;
      const items = await loadingList(db, station.code, view.date);
      view.ready = items.filter((item) => item.status === 'ready');
      view.inTransit = items.filter((item) => item.status === 'in_transit');
    }
  }
  return render(c, {
    title: c.var.t('desk.loading.title'),
    status: view.errors.length > 0 ? 422 : 200,
    page: (pageContext) => <LoadingListPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

export const loadingListRoutes = new Hono<StaffEnv>().get('/', loadingListPage);
