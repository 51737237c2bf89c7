/** 電話督促: the overdue patrons no mail reaches, a section of the staff phone-call list. */
import type { OverdueCall } from '../src/notices/overdue-calls.repo.ts';
import { formatCalendarDate } from '../src/i18n/format.ts';
import type { PageContext } from './page-context.ts';

export function OverdueCalls({ pageContext, calls }: { pageContext: PageContext; calls: OverdueCall[] }) {
  const { t, locale } = pageContext;
  return (
    <section id="overdue-calls" aria-labelledby="overdue-calls-title">
      <h2 id="overdue-calls-title">{t('calls.overdue.title')}</h2>
      {calls.length === 0 ? (
        <p>{t('calls.overdue.none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('calls.overdue.patron')}</th>
              <th scope="col">{t('calls.overdue.phone')}</th>
              <th scope="col">{t('calls.overdue.loans')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr>
                <td data-label={t('calls.overdue.patron')}>
                  <a href={`/staff/patrons/${call.cardNumber}`}>{call.name}</a> ({call.cardNumber})
                </td>
                <td data-label={t('calls.overdue.phone')}>
                  {call.phone ? <a href={`tel:${call.phone}`}>{call.phone}</a> : t('desk.calls.noPhone')}
                </td>
                <td data-label={t('calls.overdue.loans')}>
                  <ul>
                    {call.loans.map((loan) => (
                      <li>
                        {loan.title}: {formatCalendarDate(loan.dueDate, locale)} ({t('calls.overdue.days', { days: loan.daysOverdue })})
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
