/**
 * The circulation desk: checkout (card, then one barcode after another),
 * checkin with a large destination line, receive, the hold shelf and the
 * phone-call list. The barcode field has `autofocus`, so after each scan
 * (a full page or the htmx swap) the next scan goes into it.
 */
import type { CheckinDestination, CheckoutRefusal } from '../src/circulation/circulation.rules.ts';
import { cardTail } from '../src/circulation/circulation.rules.ts';
import type { LoanLimitRefusal } from '../src/circulation/loan-limits.rules.ts';
import type { CalendarDate } from '../src/db/schema.ts';
import type { CheckinEvent, ShelfHold } from '../src/circulation/circulation.repo.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import { formatCalendarDate, formatDateTime } from '../src/i18n/format.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import type { PatronOverview } from '../src/patrons/patron-overview.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { StaffPage } from './staff.tsx';
import { OverdueCalls } from './overdue-calls.tsx';
import type { OverdueCall } from '../src/notices/overdue-calls.repo.ts';
import { CheckoutOverrideForm } from './staff-override.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

/** Pickup place names by code, in the page's locale. */
export type PlaceNames = Record<string, string>;

/**
 * A labelled input a scanner types into (a barcode or a card number). It
 * takes the focus, so the next scan lands in it without a click.
 */
function ScanField({
  pageContext,
  id,
  label,
  value,
  inputmode,
  errors,
}: {
  pageContext: PageContext;
  id: string;
  label: string;
  value?: string;
  inputmode: 'numeric' | 'text';
  errors: FormError[];
}) {
  const error = errors.find((e) => e.field === id);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {pageContext.t(error.key, error.params)}
        </p>
      ) : null}
      <input
        type="text"
        id={id}
        name={id}
        value={value}
        autocomplete="off"
        inputmode={inputmode}
        maxlength={100}
        autofocus
        class="scan"
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

function BarcodeField({ pageContext, errors }: { pageContext: PageContext; errors: FormError[] }) {
  return <ScanField pageContext={pageContext} id="barcode" label={pageContext.t('desk.barcode')} inputmode="text" errors={errors} />;
}

/** The card-number input: a checkout starts with the card. */
export function CardField({ pageContext, value, errors }: { pageContext: PageContext; value: string; errors: FormError[] }) {
  return (
    <ScanField
      pageContext={pageContext}
      id="card_number"
      label={pageContext.t('desk.cardNumber')}
      value={value}
      inputmode={pageContext.cardInputMode}
      errors={errors}
    />
  );
}

function PlaceSelect({ pageContext, places, selected }: { pageContext: PageContext; places: PlaceNames; selected: string }) {
  return (
    <div class="field">
      <label for="place">{pageContext.t('desk.place')}</label>
      <select id="place" name="place">
        {Object.entries(places).map(([code, name]) => (
          <option value={code} selected={code === selected}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

export type CheckoutResult =
  | { kind: 'ok'; title: string; dueDate: CalendarDate; fulfilledHold: boolean }
  | {
      kind: 'refused';
      reason: CheckoutRefusal | LoanLimitRefusal | 'unknownCopy';
      title: string | null;
      barcode: string;
      overridable: boolean;
    };

export interface CheckoutView {
  cardNumber: string;
  patron: PatronOverview | null;
  /** Why this patron may not borrow, shown before any scan. */
  standing: 'patronBlocked' | 'patronExpired' | null;
  result: CheckoutResult | null;
  errors: FormError[];
  places: PlaceNames;
}

export function CheckoutPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: CheckoutView }) {
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={pageContext.t('desk.checkout.title')}>
      <CheckoutDesk pageContext={pageContext} view={view} />
    </StaffPage>
  );
}

/** The part each scan replaces (the htmx fragment). */
export function CheckoutDesk({ pageContext, view }: { pageContext: PageContext; view: CheckoutView }) {
  const { t } = pageContext;
  const patron = view.patron;
  return (
    <div id="desk">
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      {patron ? (
        <>
          <CheckoutResultLine pageContext={pageContext} result={view.result} cardNumber={patron.cardNumber} errors={view.errors} />
          <form method="post" action="/staff/checkout" hx-post="/staff/checkout" hx-target="#desk" hx-swap="outerHTML" novalidate>
            <CsrfField token={pageContext.csrfToken} />
            <input type="hidden" name="card_number" value={patron.cardNumber} />
            <BarcodeField pageContext={pageContext} errors={view.errors} />
            <button type="submit">{t('desk.checkout.submit')}</button>
          </form>
          <PatronPanel pageContext={pageContext} patron={patron} standing={view.standing} places={view.places} />
          <p>
            <a href="/staff/checkout">{t('desk.checkout.next')}</a>
          </p>
        </>
      ) : (
        <form method="post" action="/staff/checkout" novalidate>
          <CsrfField token={pageContext.csrfToken} />
          <CardField pageContext={pageContext} value={view.cardNumber} errors={view.errors} />
          <button type="submit">{t('desk.checkout.findPatron')}</button>
        </form>
      )}
    </div>
  );
}

function CheckoutResultLine({
  pageContext,
  result,
  cardNumber,
  errors,
}: {
  pageContext: PageContext;
  result: CheckoutResult | null;
  cardNumber: string;
  errors: FormError[];
}) {
  const { t } = pageContext;
  if (!result) return null;
  if (result.kind === 'ok') {
    return (
      <p class="notice success destination" role="status">
        {t('desk.checkout.done', { title: result.title, date: formatCalendarDate(result.dueDate, pageContext.locale) })}
        {result.fulfilledHold ? ` ${t('desk.checkout.holdFulfilled')}` : ''}
      </p>
    );
  }
  return (
    <div class="notice warning destination" role="alert">
      <p>{t(`desk.refusal.${result.reason}` as MessageKey, { title: result.title ?? result.barcode })}</p>
      {result.reason === 'onLoan' ? (
        <form method="post" action="/staff/checkin">
          <CsrfField token={pageContext.csrfToken} />
          <input type="hidden" name="barcode" value={result.barcode} />
          <button type="submit" class="secondary">
            {t('desk.refusal.checkinFirst')}
          </button>
        </form>
      ) : null}
      {result.overridable ? (
        <CheckoutOverrideForm pageContext={pageContext} cardNumber={cardNumber} barcode={result.barcode} errors={errors} />
      ) : null}
    </div>
  );
}

/** Status, loans and holds of the patron at the desk. */
export function PatronPanel({
  pageContext,
  patron,
  standing,
  places,
}: {
  pageContext: PageContext;
  patron: PatronOverview;
  standing: CheckoutView['standing'];
  places: PlaceNames;
}) {
  const { t, locale } = pageContext;
  return (
    <section aria-labelledby="patron-heading">
      <h2 id="patron-heading">{t('desk.patron.heading', { name: patron.name, card: patron.cardNumber })}</h2>
      {standing ? (
        <p class="notice warning">
          {patron.blockedReason
            ? t('common.withAside', { text: t(`desk.refusal.${standing}`), aside: patron.blockedReason })
            : t(`desk.refusal.${standing}`)}
        </p>
      ) : null}
      <h3>{t('desk.patron.loans', { count: patron.loans.length })}</h3>
      {patron.loans.length > 0 ? <PatronLoansTable pageContext={pageContext} loans={patron.loans} /> : null}
      <h3>{t('desk.patron.holds', { count: patron.holds.length })}</h3>
      {patron.holds.length > 0 ? (
        <ul>
          {patron.holds.map((hold) => (
            <li>
              {t(
                hold.pickupStop
                  ? 'desk.patron.holdLineStop'
                  : hold.pickupDeadline
                    ? 'desk.patron.holdLineDeadline'
                    : 'desk.patron.holdLine',
                {
                  title: hold.title,
                  status: t(`desk.holdStatus.${hold.status}` as MessageKey),
                  place: places[hold.pickupPlace] ?? hold.pickupPlace,
                  date: hold.pickupDeadline ? formatCalendarDate(hold.pickupDeadline, locale) : '',
                  stop: hold.pickupStop ? formatCalendarDate(hold.pickupStop, locale) : '',
                },
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The patron's open loans at the desk: title, barcode and due date, earliest due first. */
function PatronLoansTable({ pageContext, loans }: { pageContext: PageContext; loans: PatronOverview['loans'] }) {
  const { t, locale } = pageContext;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('desk.column.title')}</th>
          <th scope="col">{t('desk.barcode')}</th>
          <th scope="col">{t('desk.column.due')}</th>
        </tr>
      </thead>
      <tbody>
        {loans.map((loan) => (
          <tr>
            <td>{loan.title}</td>
            <td>{loan.barcode}</td>
            <td>{formatCalendarDate(loan.dueDate, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const checkinEventKeys = {
  returned: 'desk.checkin.returned',
  received: 'desk.checkin.received',
  notOnLoan: 'desk.checkin.noLoan',
} as const satisfies Record<CheckinEvent, MessageKey>;

export type CheckinResult =
  | { kind: 'ok'; title: string; barcode: string; event: CheckinEvent; destination: CheckinDestination }
  | { kind: 'wrongPlace'; title: string; pickupPlace: string }
  | { kind: 'refused'; reason: 'unknownCopy' | 'withdrawn' | 'notInTransit'; barcode: string; title: string | null };

export interface CheckinView {
  place: string;
  result: CheckinResult | null;
  errors: FormError[];
  places: PlaceNames;
  /** Which form the page shows first: checkin, or receive (a copy in transit arriving here). */
  mode: 'checkin' | 'receive';
}

export function CheckinPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: CheckinView }) {
  return (
    <StaffPage
      pageContext={pageContext}
      staff={staff}
      title={pageContext.t(view.mode === 'receive' ? 'desk.receive.title' : 'desk.checkin.title')}
    >
      <CheckinDesk pageContext={pageContext} view={view} />
    </StaffPage>
  );
}

export function CheckinDesk({ pageContext, view }: { pageContext: PageContext; view: CheckinView }) {
  const { t } = pageContext;
  const action = view.mode === 'receive' ? '/staff/checkin/receive' : '/staff/checkin';
  return (
    <div id="desk">
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <CheckinResultLine pageContext={pageContext} result={view.result} places={view.places} />
      <form method="post" action={action} hx-post={action} hx-target="#desk" hx-swap="outerHTML" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <BarcodeField pageContext={pageContext} errors={view.errors} />
        <PlaceSelect pageContext={pageContext} places={view.places} selected={view.place} />
        <button type="submit">{t(view.mode === 'receive' ? 'desk.receive.submit' : 'desk.checkin.submit')}</button>
      </form>
      <p>
        {view.mode === 'receive' ? (
          <a href={`/staff/checkin?place=${encodeURIComponent(view.place)}`}>{t('desk.checkin.title')}</a>
        ) : (
          <a href={`/staff/checkin/receive?place=${encodeURIComponent(view.place)}`}>{t('desk.receive.link')}</a>
        )}
      </p>
    </div>
  );
}

/** 「取置棚へ（予約: 末尾1234・中央図書館）」, 「移送: BM○○へ」 or 「書架へ」, large enough to read from across the desk. */
export function destinationText(pageContext: PageContext, destination: CheckinDestination, places: PlaceNames): string {
  const { t } = pageContext;
  const place = (code: string) => places[code] ?? code;
  switch (destination.kind) {
    case 'holdShelf':
      return t('desk.destination.holdShelf', { card: cardTail(destination.cardNumber), place: place(destination.pickupPlace) });
    case 'alreadyOnHoldShelf':
      return t('desk.destination.alreadyOnHoldShelf', { card: cardTail(destination.cardNumber), place: place(destination.pickupPlace) });
    case 'transit':
      return t('desk.destination.transit', { place: place(destination.pickupPlace) });
    case 'shelf':
      return t('desk.destination.shelf');
    case 'transitHome':
      return t('desk.destination.transitHome', { place: place(destination.homePlace) });
  }
}

function CheckinResultLine({
  pageContext,
  result,
  places,
}: {
  pageContext: PageContext;
  result: CheckinResult | null;
  places: PlaceNames;
}) {
  const { t } = pageContext;
  if (!result) return null;
  if (result.kind === 'refused') {
    return (
      <p class="notice warning destination" role="alert">
        {t(`desk.refusal.${result.reason}`, { title: result.title ?? result.barcode })}
      </p>
    );
  }
  if (result.kind === 'wrongPlace') {
    return (
      <div class="notice warning" role="alert">
        <p class="destination-line">{t('desk.destination.transit', { place: places[result.pickupPlace] ?? result.pickupPlace })}</p>
        <p>{t('desk.refusal.wrongPlace', { title: result.title })}</p>
      </div>
    );
  }
  return (
    <div class={`notice destination-${result.destination.kind}`} role="status">
      <p class="destination-line">{destinationText(pageContext, result.destination, places)}</p>
      <p>{t(checkinEventKeys[result.event], { title: result.title, barcode: result.barcode })}</p>
    </div>
  );
}

export interface ShelfView {
  places: PlaceNames;
  holds: (ShelfHold & { expired: boolean })[];
}

export function HoldShelfPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: ShelfView }) {
  const { t, locale } = pageContext;
  const byPlace = Object.keys(view.places)
    .map((code) => ({ code, holds: view.holds.filter((h) => h.pickupPlace === code) }))
    .filter((group) => group.holds.length > 0);
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('desk.shelf.title')}>
      {byPlace.length === 0 ? <p>{t('desk.shelf.empty')}</p> : null}
      {byPlace.map((group) => (
        <section aria-labelledby={`shelf-${group.code}`}>
          <h2 id={`shelf-${group.code}`}>{view.places[group.code]}</h2>
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">{t('desk.column.deadline')}</th>
                <th scope="col">{t('desk.column.title')}</th>
                <th scope="col">{t('desk.barcode')}</th>
                <th scope="col">{t('desk.cardNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {group.holds.map((hold) => (
                <tr class={hold.expired ? 'expired' : undefined}>
                  <td data-label={t('desk.column.deadline')}>
                    {hold.expired ? <strong>{t('desk.shelf.expired')} </strong> : null}
                    {formatCalendarDate(hold.pickupDeadline, locale)}
                  </td>
                  <td data-label={t('desk.column.title')}>{hold.title}</td>
                  <td data-label={t('desk.barcode')}>{hold.barcode}</td>
                  <td data-label={t('desk.cardNumber')}>
                    <a href={`/staff/patrons/${hold.cardNumber}`}>{hold.cardNumber}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </StaffPage>
  );
}

export interface CallsView {
  places: PlaceNames;
  calls: (ShelfHold & { phone: string; readyAt: Date })[];
  /** 電話督促: overdue patrons without a confirmed address that mail reaches. */
  overdue: OverdueCall[];
  done: 'called' | 'alreadyCalled' | null;
  timeZone: string;
}

export function CallsPage({ pageContext, staff, view }: { pageContext: PageContext; staff: Staff; view: CallsView }) {
  const { t, locale } = pageContext;
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('desk.calls.title')}>
      {view.done ? (
        <p class={view.done === 'called' ? 'notice success' : 'notice warning'} role="status">
          {t(`desk.calls.${view.done}`)}
        </p>
      ) : null}
      {view.calls.length === 0 ? (
        <p>{t('desk.calls.empty')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('desk.calls.patron')}</th>
              <th scope="col">{t('desk.calls.phone')}</th>
              <th scope="col">{t('desk.column.title')}</th>
              <th scope="col">{t('desk.place')}</th>
              <th scope="col">{t('desk.calls.readyAt')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('desk.calls.markCalled')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.calls.map((call) => (
              <tr>
                <td data-label={t('desk.calls.patron')}>
                  <a href={`/staff/patrons/${call.cardNumber}`}>{call.patronName}</a> ({call.cardNumber})
                </td>
                <td data-label={t('desk.calls.phone')}>
                  {call.phone ? <a href={`tel:${call.phone}`}>{call.phone}</a> : t('desk.calls.noPhone')}
                </td>
                <td data-label={t('desk.column.title')}>{call.title}</td>
                <td data-label={t('desk.place')}>{view.places[call.pickupPlace] ?? call.pickupPlace}</td>
                <td data-label={t('desk.calls.readyAt')}>{formatDateTime(call.readyAt, locale, view.timeZone)}</td>
                <td>
                  <form method="post" action={`/staff/calls/${call.holdId}`}>
                    <CsrfField token={pageContext.csrfToken} />
                    <button type="submit">{t('desk.calls.markCalled')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OverdueCalls pageContext={pageContext} calls={view.overdue} />
    </StaffPage>
  );
}
