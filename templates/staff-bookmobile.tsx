/** The bookmobile timetable's admin page: each station's pattern and coming stops, the listed exceptions, the CSV import. */
import type { StopChange, StopDay, StopPattern } from '../src/calendar/bookmobile.rules.ts';
import { formatCalendarDate } from '../src/i18n/format.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import { Radios } from './parts/radios.tsx';
import { patternText } from './parts/stop-pattern.ts';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const bookmobileNotices = [
  'pattern',
  'patternCleared',
  'patternNotFound',
  'change',
  'changeRemoved',
  'changeNotFound',
  'imported',
] as const;
const warnings: ReadonlySet<string> = new Set(['patternNotFound', 'changeNotFound']);

export interface StationView {
  code: string;
  name: string;
  pattern: StopPattern | null;
  /** The days the timetable names in the coming weeks, running or not. */
  upcoming: StopDay[];
  /** The listed exceptions from today on. */
  changes: StopChange[];
}

export interface BookmobileView {
  stations: StationView[];
  errors: FormError[];
  /** What was just done; `moved`: ready holds moved to another stop by it. */
  notice: { kind: (typeof bookmobileNotices)[number]; count: number; moved: number } | null;
  form: Record<string, string>;
}

/** The input may be longer than the stored note, so a too-long one gets a message rather than a silent cut. */
const MAX_NOTE_INPUT = 200;

const PAGE = '/staff/admin/calendar/bookmobile';

export function BookmobilePage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: BookmobileView }) {
  const { t } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('admin.bookmobile.title')}>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      {view.notice ? (
        <p class={warnings.has(view.notice.kind) ? 'notice warning' : 'notice success'} role="status">
          {t(`admin.bookmobile.done.${view.notice.kind}`, { count: view.notice.count })}
          {view.notice.moved > 0 ? ` ${t('admin.bookmobile.movedHolds', { count: view.notice.moved })}` : null}
        </p>
      ) : null}
      <p>{t('admin.bookmobile.lead')}</p>
      <p class="hint">{t('admin.bookmobile.rules')}</p>
      <p>
        <a href="/staff/admin/calendar">{t('admin.bookmobile.calendarLink')}</a>
      </p>
      {view.stations.length === 0 ? (
        <p>{t('admin.bookmobile.noStations')}</p>
      ) : (
        <>
          {view.stations.map((station) => (
            <Station pageContext={pageContext} station={station} />
          ))}
          <PatternForm pageContext={pageContext} view={view} />
          <h2>{t('admin.bookmobile.changes')}</h2>
          <ChangeList pageContext={pageContext} stations={view.stations} />
          <ChangeForm pageContext={pageContext} view={view} />
          <ImportForm pageContext={pageContext} view={view} />
        </>
      )}
    </StaffPage>
  );
}

/** The status of a day the timetable names, in words. */
export function stopStatusKey(day: StopDay): MessageKey {
  if (day.cancelled) return `admin.bookmobile.status.${day.cancelled}`;
  return day.extra ? 'admin.bookmobile.status.extra' : 'admin.bookmobile.status.runs';
}

function Station({ pageContext, station }: { pageContext: PageContext; station: StationView }) {
  const { t, locale } = pageContext;
  return (
    <section aria-labelledby={`station-${station.code}`}>
      <h2 id={`station-${station.code}`}>{station.name}</h2>
      <p>{station.pattern ? patternText(pageContext, station.pattern) : t('admin.bookmobile.noPattern')}</p>
      {station.pattern ? (
        <form method="post" action={`${PAGE}/pattern/clear`} class="inline-form">
          <CsrfField token={pageContext.csrfToken} />
          <input type="hidden" name="station" value={station.code} />
          <button type="submit" class="secondary">
            {t('admin.bookmobile.clearPattern', { station: station.name })}
          </button>
        </form>
      ) : null}
      <h3>{t('admin.bookmobile.upcoming')}</h3>
      {station.upcoming.length === 0 ? (
        <p>{t('admin.bookmobile.noUpcoming')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('admin.bookmobile.column.date')}</th>
              <th scope="col">{t('admin.bookmobile.column.status')}</th>
              <th scope="col">{t('admin.bookmobile.column.note')}</th>
            </tr>
          </thead>
          <tbody>
            {station.upcoming.map((day) => {
              const date = formatCalendarDate(day.date, locale);
              return (
                <tr>
                  <td data-label={t('admin.bookmobile.column.date')}>
                    {day.cancelled ? (
                      date
                    ) : (
                      <a href={`/staff/bookmobile?station=${station.code}&date=${day.date}`}>
                        {t('admin.bookmobile.loadingListLink', { date })}
                      </a>
                    )}
                  </td>
                  <td data-label={t('admin.bookmobile.column.status')}>{t(stopStatusKey(day))}</td>
                  <td data-label={t('admin.bookmobile.column.note')}>{day.note}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StationSelect({
  pageContext,
  id,
  stations,
  selected,
  errors,
}: {
  pageContext: PageContext;
  id: string;
  stations: StationView[];
  selected: string | undefined;
  errors: FormError[];
}) {
  const error = errors.find((e) => e.field === id);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{pageContext.t('admin.bookmobile.station')}</label>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {pageContext.t(error.key, error.params)}
        </p>
      ) : null}
      <select id={id} name={id} aria-describedby={error ? `${id}-error` : undefined}>
        {stations.map((station) => (
          <option value={station.code} selected={station.code === selected}>
            {station.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function PatternForm({ pageContext, view }: { pageContext: PageContext; view: BookmobileView }) {
  const { t } = pageContext;
  const text = { type: 'text', errors: view.errors, autocomplete: 'off', maxlength: 100 } as const;
  return (
    <form method="post" action={`${PAGE}/pattern`} novalidate>
      <h2>{t('admin.bookmobile.setPattern')}</h2>
      <CsrfField token={pageContext.csrfToken} />
      <StationSelect pageContext={pageContext} id="station" stations={view.stations} selected={view.form.station} errors={view.errors} />
      <Field
        pageContext={pageContext}
        id="first_stop"
        label={t('admin.bookmobile.firstStop')}
        hint={t('admin.calendar.dateHint')}
        value={view.form.first_stop}
        {...text}
      />
      <Radios
        pageContext={pageContext}
        name="every_weeks"
        legend={t('admin.bookmobile.every')}
        options={[
          { value: '1', label: t('admin.bookmobile.every.1') },
          { value: '2', label: t('admin.bookmobile.every.2') },
        ]}
        checked={view.form.every_weeks ?? '1'}
        errors={view.errors}
      />
      <Field pageContext={pageContext} id="last_stop" label={t('admin.bookmobile.lastStop')} value={view.form.last_stop} {...text} />
      <p class="hint">{t('admin.bookmobile.timesHint')}</p>
      <Field
        pageContext={pageContext}
        id="arrives"
        label={t('admin.bookmobile.arrives')}
        value={view.form.arrives}
        {...text}
        maxlength={10}
      />
      <Field
        pageContext={pageContext}
        id="departs"
        label={t('admin.bookmobile.departs')}
        value={view.form.departs}
        {...text}
        maxlength={10}
      />
      <button type="submit">{t('admin.bookmobile.savePattern')}</button>
    </form>
  );
}

function ChangeList({ pageContext, stations }: { pageContext: PageContext; stations: StationView[] }) {
  const { t, locale } = pageContext;
  const listed = stations.flatMap((station) => station.changes.map((change) => ({ station, change })));
  if (listed.length === 0) return <p>{t('admin.bookmobile.noChanges')}</p>;
  return (
    <ul>
      {listed.map(({ station, change }) => {
        const date = formatCalendarDate(change.date, locale);
        return (
          <li>
            {station.name} {date} {t(`admin.bookmobile.kind.${change.kind}`)} {change.note}{' '}
            <form method="post" action={`${PAGE}/changes/${station.code}/${change.date}/delete`} class="inline-form">
              <CsrfField token={pageContext.csrfToken} />
              <button type="submit" class="secondary">
                {t('admin.bookmobile.removeChange', { station: station.name, date })}
              </button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}

function ChangeForm({ pageContext, view }: { pageContext: PageContext; view: BookmobileView }) {
  const { t } = pageContext;
  return (
    <form method="post" action={`${PAGE}/changes`} novalidate>
      <h3>{t('admin.bookmobile.addChange')}</h3>
      <CsrfField token={pageContext.csrfToken} />
      <StationSelect
        pageContext={pageContext}
        id="change_station"
        stations={view.stations}
        selected={view.form.change_station}
        errors={view.errors}
      />
      <Field
        pageContext={pageContext}
        id="change_date"
        label={t('admin.bookmobile.changeDate')}
        hint={t('admin.calendar.dateHint')}
        type="text"
        value={view.form.change_date}
        errors={view.errors}
        autocomplete="off"
        maxlength={100}
      />
      <Radios
        pageContext={pageContext}
        name="change_kind"
        legend={t('admin.bookmobile.changeKind')}
        options={[
          { value: 'extra', label: t('admin.bookmobile.kind.extra') },
          { value: 'cancelled', label: t('admin.bookmobile.kind.cancelled') },
        ]}
        checked={view.form.change_kind ?? 'cancelled'}
        errors={view.errors}
      />
      <Field
        pageContext={pageContext}
        id="change_note"
        label={t('admin.calendar.note')}
        type="text"
        value={view.form.change_note}
        errors={view.errors}
        autocomplete="off"
        maxlength={MAX_NOTE_INPUT}
      />
      <button type="submit">{t('admin.bookmobile.addChange')}</button>
    </form>
  );
}

function ImportForm({ pageContext, view }: { pageContext: PageContext; view: BookmobileView }) {
  const { t } = pageContext;
  const errors = view.errors.filter((e) => e.field === 'file');
  return (
    <form method="post" action={`${PAGE}/import`} enctype="multipart/form-data">
      <h2>{t('admin.bookmobile.import')}</h2>
      <CsrfField token={pageContext.csrfToken} />
      <div class={errors.length > 0 ? 'field has-error' : 'field'}>
        <label for="file">{t('admin.bookmobile.file')}</label>
        <p class="hint" id="file-hint">
          {t('admin.bookmobile.importHint')}
        </p>
        {errors.length > 0 ? (
          <ul class="field-error" id="file-error">
            {errors.map((error) => (
              <li>{t(error.key, error.params)}</li>
            ))}
          </ul>
        ) : null}
        <input
          type="file"
          id="file"
          name="file"
          accept=".csv,text/csv"
          aria-describedby={errors.length > 0 ? 'file-hint file-error' : 'file-hint'}
        />
      </div>
      <button type="submit">{t('admin.bookmobile.importSubmit')}</button>
    </form>
  );
}
