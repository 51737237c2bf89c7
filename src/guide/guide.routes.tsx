/** 「Webサービスについて」: the rules of the service, as the settings make them. */
import { Hono } from 'hono';
import { GuidePage } from '../../templates/guide.tsx';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { guideFacts } from './guide.rules.ts';
import { loadLibraryCalendar, loadWeeklyClosedDays } from '../calendar/calendar.repo.ts';
import { loadTimetables } from '../calendar/bookmobile.repo.ts';
import { stopsBetween } from '../calendar/bookmobile.rules.ts';
import { calendarAt } from '../calendar/calendar.rules.ts';
import { addDays, libraryDate } from '../time.ts';
import type { StationTimes } from '../../templates/guide.tsx';

/** The coming stops the guide names per station, and how far ahead it looks for them. */
const GUIDE_STOPS = 3;
const GUIDE_STOP_DAYS = 60;

export const guideRoutes = new Hono<AppEnv>().get('/guide', async (c) => {
  const { config, db } = c.var.deps;
  const facts = guideFacts(config.rules, config.mailDomain, await loadWeeklyClosedDays(db, config.rules));
  const stations = await stationTimes(c.var.deps);
  return render(c, {
    title: c.var.t('guide.title'),
    page: (pageContext) => <GuidePage pageContext={pageContext} facts={facts} stations={stations} />,
  });
});

/** Each 「BM」 station with a timetable: its pattern and its next stops, from the same data the deadlines are computed from. */
async function stationTimes({ config, db, clock }: AppEnv['Variables']['deps']): Promise<StationTimes[]> {
  const today = libraryDate(clock.now(), config.rules.timeZone);
  const stations = config.rules.pickupPlaces.filter((p) => p.kind === 'bookmobile');
  const timetables = await loadTimetables(
    db,
    today,
    stations.map((s) => s.code),
  );
  if (timetables.size === 0) return [];
  const calendar = await loadLibraryCalendar(db, config.rules, today);
  return stations.flatMap((station) => {
    const timetable = timetables.get(station.code);
    if (!timetable) return [];
    const stops = stopsBetween(timetable, calendarAt(calendar, station.code), today, addDays(today, GUIDE_STOP_DAYS));
    return [{ name: station.name, pattern: timetable.pattern, nextStops: stops.slice(0, GUIDE_STOPS) }];
  });
}
