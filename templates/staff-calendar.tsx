/** The library calendar's admin page: weekly closed days, closures over several days, explicit open days. */
import { formatCalendarDate } from '../src/i18n/format.ts';
import type { Closure, OpenDay } from '../src/calendar/calendar.repo.ts';
import type { MovedCounts } from '../src/calendar/date-moves.rules.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const calendarNotices = ['weekly', 'added', 'removed', 'notFound', 'openAdded', 'openRemoved', 'openNotFound'] as const;
const warnings: ReadonlySet<string> = new Set(['notFound', 'openNotFound']);

export interface CalendarView {
  /** The library's places, for the closure form's place and each place's own weekly days. */
  places: { code: string; name: string }[];
  weeklyClosedDays: number[];
  /** The places with weekly closed days of their own; the others follow the library's. */
  placeWeeklyClosedDays: Record<string, number[]>;
  closures: Closure[];
  openDays: OpenDay[];
  errors: FormError[];
  notice: (typeof calendarNotices)[number] | null;
  /** How many dates the change just made moved, when it could move any. */
  moved: MovedCounts | null;
  /** What was typed into the form that failed, to show again. */
  form: Record<string, string>;
}

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/** The input may be longer than the stored note, so a too-long one gets a message rather than a silent cut. */
const MAX_NOTE_INPUT = 200;

export function CalendarPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: CalendarView }) {
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('admin.calendar.title')}>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      {view.notice ? (
        <p class={warnings.has(view.notice) ? 'notice warning' : 'notice success'} role="status">
          {t(`admin.calendar.done.${view.notice}`)}
          {view.moved ? ` ${t('admin.calendar.moved', { loans: view.moved.loans, holds: view.moved.holds })}` : null}
          {view.moved && view.moved.stops > 0 ? ` ${t('admin.bookmobile.movedHolds', { count: view.moved.stops })}` : null}
        </p>
      ) : null}
      <p>
        <a href="/staff/admin/calendar/bookmobile">{t('admin.bookmobile.title')}</a>
      </p>
      <WeeklyClosedDaysForm pageContext={pageContext} closedDays={view.weeklyClosedDays} place={null} />
      <h2>{t('admin.calendar.placeWeekly')}</h2>
      <p class="hint">{t('admin.calendar.placeWeeklyHint')}</p>
      {view.places.map((place) => (
        <WeeklyClosedDaysForm
          pageContext={pageContext}
          closedDays={view.placeWeeklyClosedDays[place.code] ?? view.weeklyClosedDays}
          place={{ ...place, follows: !Object.hasOwn(view.placeWeeklyClosedDays, place.code) }}
        />
      ))}
      <h2>{t('admin.calendar.closures')}</h2>
      <ClosureList pageContext={pageContext} closures={view.closures} places={view.places} />
      <ClosureForm pageContext={pageContext} view={view} />
      <h2>{t('admin.calendar.openDays')}</h2>
      <p class="hint">{t('admin.calendar.openDaysHint')}</p>
      <OpenDayList pageContext={pageContext} openDays={view.openDays} />
      <OpenDayForm pageContext={pageContext} view={view} />
    </StaffPage>
  );
}

/** The weekdays the library (or one place) is closed every week, one checkbox a day; a place may follow the library's. */
function WeeklyClosedDaysForm({
  pageContext,
  closedDays,
  place,
}: {
  pageContext: PageContext;
  closedDays: number[];
  place: { code: string; name: string; follows: boolean } | null;
}) {
  const { t } = pageContext;
  const prefix = place ? `day-${place.code}` : 'day';
  return (
    <form method="post" action="/staff/admin/calendar/weekly">
      <CsrfField token={pageContext.csrfToken} />
      {place ? <input type="hidden" name="place" value={place.code} /> : null}
      <fieldset>
        <legend>{place ? t('admin.calendar.weeklyAt', { place: place.name }) : t('admin.calendar.weekly')}</legend>
        {place ? (
          <div class="checkbox">
            <input type="checkbox" id={`follow-${place.code}`} name="follow" value="1" checked={place.follows} />
            <label for={`follow-${place.code}`}>{t('admin.calendar.followLibrary')}</label>
          </div>
        ) : null}
        {WEEKDAYS.map((day) => (
          <div class="checkbox">
            <input type="checkbox" id={`${prefix}-${day}`} name="day" value={String(day)} checked={closedDays.includes(day)} />
            <label for={`${prefix}-${day}`}>{t(`admin.calendar.weekday.${day}` as MessageKey)}</label>
          </div>
        ))}
      </fieldset>
      {place ? null : <p class="hint">{t('admin.calendar.holidaysNote')}</p>}
      <button type="submit">{place ? t('admin.calendar.saveWeeklyAt', { place: place.name }) : t('admin.calendar.saveWeekly')}</button>
    </form>
  );
}

function ClosureForm({ pageContext, view }: { pageContext: PageContext; view: CalendarView }) {
  const { t } = pageContext;
  const date = { type: 'text', errors: view.errors, autocomplete: 'off', maxlength: 100, hint: t('admin.calendar.dateHint') } as const;
  return (
    <form method="post" action="/staff/admin/calendar/closures" novalidate>
      <CsrfField token={pageContext.csrfToken} />
      <Field pageContext={pageContext} id="from" label={t('admin.calendar.from')} value={view.form.from} {...date} />
      <Field pageContext={pageContext} id="to" label={t('admin.calendar.to')} value={view.form.to} {...date} />
      <Field
        pageContext={pageContext}
        id="note"
        label={t('admin.calendar.note')}
        type="text"
        value={view.form.note}
        errors={view.errors}
        autocomplete="off"
        maxlength={MAX_NOTE_INPUT}
      />
      <div class="field">
        <label for="place">{t('admin.calendar.place')}</label>
        <select id="place" name="place">
          <option value="">{t('admin.calendar.wholeLibrary')}</option>
          {view.places.map((place) => (
            <option value={place.code} selected={place.code === view.form.place}>
              {place.name}
            </option>
          ))}
        </select>
      </div>
      <p class="hint">{t('admin.calendar.addHint')}</p>
      <button type="submit">{t('admin.calendar.add')}</button>
    </form>
  );
}

/** The closures not yet over with their place, each with the button that removes it. */
function ClosureList({ pageContext, closures, places }: { pageContext: PageContext; closures: Closure[]; places: CalendarView['places'] }) {
  const { t, locale } = pageContext;
  const placeName = (code: string | null) =>
    code === null ? t('admin.calendar.wholeLibrary') : (places.find((p) => p.code === code)?.name ?? code);
  if (closures.length === 0) return <p>{t('admin.calendar.noClosures')}</p>;
  return (
    <ul>
      {closures.map((closure) => {
        const from = formatCalendarDate(closure.from, locale);
        return (
          <li>
            {closure.to === closure.from ? from : t('admin.calendar.closureRange', { from, to: formatCalendarDate(closure.to, locale) })}{' '}
            {placeName(closure.place)} {closure.note}{' '}
            <form method="post" action={`/staff/admin/calendar/closures/${closure.from}/delete`} class="inline-form">
              <CsrfField token={pageContext.csrfToken} />
              <input type="hidden" name="place" value={closure.place ?? ''} />
              <button type="submit" class="secondary">
                {t('admin.calendar.remove', { date: from, place: placeName(closure.place) })}
              </button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}

function OpenDayForm({ pageContext, view }: { pageContext: PageContext; view: CalendarView }) {
  const { t } = pageContext;
  return (
    <form method="post" action="/staff/admin/calendar/open-days" novalidate>
      <CsrfField token={pageContext.csrfToken} />
      <Field
        pageContext={pageContext}
        id="open_date"
        label={t('admin.calendar.openDate')}
        hint={t('admin.calendar.dateHint')}
        type="text"
        value={view.form.open_date}
        errors={view.errors}
        autocomplete="off"
        maxlength={100}
      />
      <Field
        pageContext={pageContext}
        id="open_note"
        label={t('admin.calendar.note')}
        type="text"
        value={view.form.open_note}
        errors={view.errors}
        autocomplete="off"
        maxlength={MAX_NOTE_INPUT}
      />
      <button type="submit">{t('admin.calendar.addOpenDay')}</button>
    </form>
  );
}

function OpenDayList({ pageContext, openDays }: { pageContext: PageContext; openDays: OpenDay[] }) {
  const { t, locale } = pageContext;
  if (openDays.length === 0) return <p>{t('admin.calendar.noOpenDays')}</p>;
  return (
    <ul>
      {openDays.map((day) => {
        const date = formatCalendarDate(day.date, locale);
        return (
          <li>
            {date} {day.note}{' '}
            <form method="post" action={`/staff/admin/calendar/open-days/${day.date}/delete`} class="inline-form">
              <CsrfField token={pageContext.csrfToken} />
              <button type="submit" class="secondary">
                {t('admin.calendar.removeOpenDay', { date })}
              </button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}
