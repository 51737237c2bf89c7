/** 移動図書館 積込リスト: for one station and stop, the reserved items to load, as a plain printable page. */
import type { LoadingListItem } from '../src/calendar/bookmobile.repo.ts';
import { formatCalendarDate } from '../src/i18n/format.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export interface LoadingListView {
  stations: { code: string; name: string }[];
  station: { code: string; name: string } | null;
  /** The stop shown, as typed when it is not a date. */
  date: string;
  /** False when the timetable has no stop that day (the list is shown all the same: an unlisted trip happens). */
  isStop: boolean;
  nextStops: string[];
  ready: LoadingListItem[];
  inTransit: LoadingListItem[];
  errors: FormError[];
}

export function LoadingListPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: LoadingListView }) {
  const { t, locale } = pageContext;
  const dateError = view.errors.find((e) => e.field === 'date');
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('desk.loading.title')}>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <form method="get" action="/staff/bookmobile" class="no-print">
        <fieldset>
          <legend>{t('desk.loading.choose')}</legend>
          <div class="field">
            <label for="station">{t('admin.bookmobile.station')}</label>
            <select id="station" name="station">
              {view.stations.map((station) => (
                <option value={station.code} selected={station.code === view.station?.code}>
                  {station.name}
                </option>
              ))}
            </select>
          </div>
          <div class={dateError ? 'field has-error' : 'field'}>
            <label for="date">{t('desk.loading.date')}</label>
            {dateError ? (
              <p class="field-error" id="date-error">
                {t(dateError.key)}
              </p>
            ) : null}
            <input type="date" id="date" name="date" value={view.date} aria-describedby={dateError ? 'date-error' : undefined} />
          </div>
        </fieldset>
        <button type="submit">{t('desk.loading.show')}</button>
      </form>
      {view.station && view.nextStops.length > 0 ? (
        <nav aria-label={t('desk.loading.nextStops')} class="no-print">
          <p>
            {t('desk.loading.nextStops')}:{' '}
            {view.nextStops.map((date, i) => (
              <>
                {i > 0 ? t('guide.listSeparator') : null}
                <a href={`/staff/bookmobile?station=${view.station!.code}&date=${date}`}>{formatCalendarDate(date, locale)}</a>
              </>
            ))}
          </p>
        </nav>
      ) : null}
      {view.station && view.errors.length === 0 ? (
        <section aria-labelledby="loading-heading">
          <h2 id="loading-heading">
            {t('desk.loading.heading', { station: view.station.name, date: formatCalendarDate(view.date, locale) })}
          </h2>
          {view.isStop ? null : <p class="notice warning">{t('desk.loading.notAStop')}</p>}
          <h3>
            {t('desk.loading.ready')} ({t('desk.loading.count', { count: view.ready.length })})
          </h3>
          <Items pageContext={pageContext} items={view.ready} />
          <h3>
            {t('desk.loading.inTransit')} ({t('desk.loading.count', { count: view.inTransit.length })})
          </h3>
          <Items pageContext={pageContext} items={view.inTransit} />
          <p class="hint no-print">{t('desk.loading.print')}</p>
        </section>
      ) : null}
    </StaffPage>
  );
}

function Items({ pageContext, items }: { pageContext: PageContext; items: LoadingListItem[] }) {
  const { t, locale } = pageContext;
  if (items.length === 0) return <p>{t('desk.loading.none')}</p>;
  const date = (value: string | null) => (value ? formatCalendarDate(value, locale) : '—');
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">{t('desk.loading.column.title')}</th>
          <th scope="col">{t('desk.loading.column.shelfMark')}</th>
          <th scope="col">{t('desk.loading.column.barcode')}</th>
          <th scope="col">{t('desk.loading.column.card')}</th>
          <th scope="col">{t('desk.loading.column.stop')}</th>
          <th scope="col">{t('desk.loading.column.deadline')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr>
            <td data-label={t('desk.loading.column.title')}>{item.title}</td>
            <td data-label={t('desk.loading.column.shelfMark')}>{item.shelfMark ?? '—'}</td>
            <td data-label={t('desk.loading.column.barcode')}>{item.barcode ?? '—'}</td>
            <td data-label={t('desk.loading.column.card')}>{item.cardNumber}</td>
            <td data-label={t('desk.loading.column.stop')}>{date(item.stop)}</td>
            <td data-label={t('desk.loading.column.deadline')}>{date(item.pickupDeadline)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
