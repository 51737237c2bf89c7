/** Admin pages: the library calendar and the staff accounts. */
import { formatCalendarDate } from '../src/i18n/format.ts';
import type { CalendarDate } from '../src/db/schema.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const calendarNotices = ['weekly', 'added', 'removed', 'notFound'] as const;

export interface CalendarView {
  weeklyClosedDays: number[];
  closures: { closedOn: CalendarDate; reason: string }[];
  errors: FormError[];
  notice: (typeof calendarNotices)[number] | null;
}

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

export function CalendarPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: CalendarView }) {
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('admin.calendar.title')}>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      {view.notice ? (
        <p class={view.notice === 'notFound' ? 'notice warning' : 'notice success'} role="status">
          {t(`admin.calendar.done.${view.notice}`)}
        </p>
      ) : null}
      <WeeklyClosedDaysForm pageContext={pageContext} closedDays={view.weeklyClosedDays} />
      <h2>{t('admin.calendar.closures')}</h2>
      <ClosureList pageContext={pageContext} closures={view.closures} />
      <form method="post" action="/staff/admin/calendar/closures" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <Field
          pageContext={pageContext}
          id="closed_on"
          label={t('admin.calendar.date')}
          hint={t('admin.calendar.dateHint')}
          type="text"
          errors={view.errors}
          autocomplete="off"
          maxlength={100}
        />
        <Field
          pageContext={pageContext}
          id="reason"
          label={t('admin.calendar.reason')}
          type="text"
          errors={view.errors}
          autocomplete="off"
          maxlength={MAX_REASON_INPUT}
        />
        <button type="submit">{t('admin.calendar.add')}</button>
      </form>
    </StaffPage>
  );
}

/** The weekdays the library is closed every week, one checkbox a day. */
function WeeklyClosedDaysForm({ pageContext, closedDays }: { pageContext: PageContext; closedDays: number[] }) {
  const { t } = pageContext;
  return (
    <form method="post" action="/staff/admin/calendar/weekly">
      <CsrfField token={pageContext.csrfToken} />
      <fieldset>
        <legend>{t('admin.calendar.weekly')}</legend>
        {WEEKDAYS.map((day) => (
          <div class="checkbox">
            <input type="checkbox" id={`day-${day}`} name="day" value={String(day)} checked={closedDays.includes(day)} />
            <label for={`day-${day}`}>{t(`admin.calendar.weekday.${day}` as MessageKey)}</label>
          </div>
        ))}
      </fieldset>
      <p class="hint">{t('admin.calendar.holidaysNote')}</p>
      <button type="submit">{t('admin.calendar.saveWeekly')}</button>
    </form>
  );
}

/** The single closed days, each with the button that removes it. */
function ClosureList({ pageContext, closures }: { pageContext: PageContext; closures: CalendarView['closures'] }) {
  const { t, locale } = pageContext;
  if (closures.length === 0) return <p>{t('admin.calendar.noClosures')}</p>;
  return (
    <ul>
      {closures.map((closure) => (
        <li>
          {formatCalendarDate(closure.closedOn, locale)} {closure.reason}{' '}
          <form method="post" action={`/staff/admin/calendar/closures/${closure.closedOn}/delete`} class="inline-form">
            <CsrfField token={pageContext.csrfToken} />
            <button type="submit" class="secondary">
              {t('admin.calendar.remove', { date: formatCalendarDate(closure.closedOn, locale) })}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

/** The input may be longer than the stored reason, so a too-long one gets a message rather than a silent cut. */
const MAX_REASON_INPUT = 200;
