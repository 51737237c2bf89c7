/**
 * 貸出中一覧 on the account page: one item per loan, with either the renew
 * button labelled with the date it would give, or the reason it cannot be
 * renewed. The same LoanItem is the page's and the htmx swap's, so a
 * renewed loan looks the same whether the page was reloaded or not.
 */
import type { CalendarDate } from '../src/db/schema.ts';
import { formatCalendarDate, formatMonthDay } from '../src/i18n/format.ts';
import type { RenewalRefusal } from '../src/loans/loans.rules.ts';
import { Announcement } from './parts/announce.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import type { PageContext } from './page-context.ts';

export type LoanState = { kind: 'renewable'; newDueDate: CalendarDate } | { kind: 'refused'; reason: RenewalRefusal } | { kind: 'renewed' };

/** One open loan, as plain data. */
export interface LoanLine {
  id: number;
  title: string;
  barcode: string;
  checkedOutOn: CalendarDate;
  dueDate: CalendarDate;
  /** 0 on the due date, negative once overdue. */
  daysLeft: number;
  state: LoanState;
}

/** The outcome of the last renewal, after a reload without JavaScript. */
export interface LoanNotice {
  text: string;
  ok: boolean;
  /** After 「まとめて延長する」 the pressed button is gone: the summary takes the focus. */
  focus?: boolean;
}

export interface LoansView {
  loans: LoanLine[];
  notice: LoanNotice | null;
  renewalDays: number;
  maxRenewals: number;
}

export function LoansSection({ pageContext, view }: { pageContext: PageContext; view: LoansView }) {
  const { t } = pageContext;
  return (
    <section id="loans" aria-labelledby="loans-title">
      <h2 id="loans-title">{t('loans.heading')}</h2>
      {view.notice ? (
        <p
          class={view.notice.ok ? 'notice success' : 'notice warning'}
          role="status"
          tabindex={view.notice.focus ? -1 : undefined}
          autofocus={view.notice.focus}
        >
          {view.notice.text}
        </p>
      ) : null}
      {view.loans.length === 0 ? (
        <p>{t('loans.none')}</p>
      ) : (
        <>
          <p class="hint">{t('loans.lead', { days: view.renewalDays, renewals: view.maxRenewals })}</p>
          {view.loans.some((loan) => loan.state.kind === 'renewable') ? <RenewAll pageContext={pageContext} /> : null}
          <ul class="loan-list">
            {view.loans.map((loan) => (
              <LoanItem pageContext={pageContext} loan={loan} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const itemId = (loanId: number) => `loan-${loanId}`;

/** 「まとめて延長する」: every renewable loan at once; with htmx the whole list is swapped for the outcomes. */
function RenewAll({ pageContext }: { pageContext: PageContext }) {
  return (
    <form method="post" action="/account/loans/renew" class="renew-all">
      <CsrfField token={pageContext.csrfToken} />
      <button type="submit" class="secondary" hx-post="/account/loans/renew" hx-target="#loans" hx-swap="outerHTML">
        {pageContext.t('loans.renewAll')}
      </button>
    </form>
  );
}

function DaysLeft({ pageContext, days }: { pageContext: PageContext; days: number }) {
  const { t } = pageContext;
  // Overdue is said in words; the colour only repeats it.
  if (days < 0) return <span class="status overdue">{t('loans.overdue', { days: -days })}</span>;
  if (days === 0) return <span class="status">{t('loans.dueToday')}</span>;
  return <>{t('loans.daysLeft', { days })}</>;
}

function Renewal({ pageContext, loan, focus }: { pageContext: PageContext; loan: LoanLine; focus: boolean }) {
  const { t } = pageContext;
  const state = loan.state;
  if (state.kind === 'renewed') {
    // The button the patron pressed is gone: focus lands on what replaced it.
    return (
      <span class="status ok" tabindex={focus ? -1 : undefined} autofocus={focus}>
        {t('loans.renewed')}
      </span>
    );
  }
  if (state.kind === 'refused') {
    return (
      <span class="status" tabindex={focus ? -1 : undefined} autofocus={focus}>
        {t(`loans.reason.${state.reason}`)}
      </span>
    );
  }
  const action = `/account/loans/${loan.id}/renew`;
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={pageContext.csrfToken} />
      <button
        type="submit"
        hx-post={action}
        hx-target={`#${itemId(loan.id)}`}
        hx-swap="outerHTML"
        aria-describedby={`${itemId(loan.id)}-title`}
      >
        {t('loans.renew', { date: formatMonthDay(state.newDueDate, pageContext.locale) })}
      </button>
    </form>
  );
}

/** One loan; `focus` when it replaces the button just pressed. */
export function LoanItem({ pageContext, loan, focus = false }: { pageContext: PageContext; loan: LoanLine; focus?: boolean }) {
  const { t, locale } = pageContext;
  const id = itemId(loan.id);
  return (
    <li id={id} class={loan.daysLeft < 0 ? 'loan overdue' : 'loan'}>
      <h3 id={`${id}-title`}>{loan.title}</h3>
      <dl class="summary">
        <dt>{t('loans.barcode')}</dt>
        <dd>{loan.barcode}</dd>
        <dt>{t('loans.checkedOut')}</dt>
        <dd>{formatCalendarDate(loan.checkedOutOn, locale)}</dd>
        <dt>{t('loans.due')}</dt>
        <dd>{formatCalendarDate(loan.dueDate, locale)}</dd>
        <dt>{t('loans.left')}</dt>
        <dd>
          <DaysLeft pageContext={pageContext} days={loan.daysLeft} />
        </dd>
        <dt>{t('loans.renewal')}</dt>
        <dd>
          <Renewal pageContext={pageContext} loan={loan} focus={focus} />
        </dd>
      </dl>
    </li>
  );
}

/** The htmx answer to a renewal: the loan's item, and the outcome for the live region. */
export function LoanFragment({ pageContext, loan, message }: { pageContext: PageContext; loan: LoanLine; message: string }) {
  return (
    <>
      <LoanItem pageContext={pageContext} loan={loan} focus />
      <Announcement message={message} />
    </>
  );
}

/** A loan that is not the patron's open loan: the page says so, the swap replaces the item with the same words. */
export function LoanNotFoundPage({ pageContext }: { pageContext: PageContext }) {
  return (
    <>
      <h1>{pageContext.t('loans.notFound.title')}</h1>
      <p>{pageContext.t('loans.notFound')}</p>
      <p>
        <a href="/account">{pageContext.t('loans.toAccount')}</a>
      </p>
    </>
  );
}

export function LoanNotFoundFragment({ pageContext, loanId }: { pageContext: PageContext; loanId: number | null }) {
  const message = pageContext.t('loans.notFound');
  return (
    <>
      {loanId === null ? null : (
        <li id={itemId(loanId)} class="loan">
          <p class="notice warning">{message}</p>
        </li>
      )}
      <Announcement message={message} />
    </>
  );
}
