/**
 * The hold lists (予約中一覧 with 取消/変更, 予約確保一覧 with 取置期限) and the
 * steps of a cancel or change. One section serves the account page, the
 * standalone page and the htmx swap: the forms target #holds.
 */
import type { ContactMethod } from '../src/db/schema.ts';
import type { HoldLists, HoldRow, PickupPlaceOption } from '../src/holds/holds.repo.ts';
import { formatCalendarDate, formatMonthDay } from '../src/i18n/format.ts';
import { libraryDate } from '../src/time.ts';
import { Announcement } from './parts/announce.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import { ChoiceFields } from './reserve.tsx';
import type { PageContext } from './page-context.ts';

export type HoldsView =
  /** `until`: the suspension date as typed, kept when it was wrong. */
  | { kind: 'lists'; lists: HoldLists; notice: string | null; errors: FormError[]; until?: string }
  | { kind: 'confirmCancel'; holds: HoldRow[] }
  | {
      kind: 'edit';
      holds: HoldRow[];
      places: PickupPlaceOption[];
      /** Some selected hold is in transit: its pickup place cannot change, and the form says so. */
      inTransit: boolean;
      contacts: ContactMethod[];
      pickup: string | null;
      contact: ContactMethod | null;
      errors: FormError[];
    };

const HOLDS_ID = 'holds';
/** Every form and link of the section swaps the whole section. */
const swap = { 'hx-target': `#${HOLDS_ID}`, 'hx-swap': 'outerHTML' };

export function HoldsPage({ pageContext, view, timeZone }: { pageContext: PageContext; view: HoldsView; timeZone: string }) {
  return (
    <>
      <h1>{pageContext.t('holds.heading')}</h1>
      <HoldsSection pageContext={pageContext} view={view} timeZone={timeZone} />
      <p>
        <a href="/account">{pageContext.t('nav.account')}</a>
      </p>
    </>
  );
}

/** The fragment: the section, and the outcome for the live region when there is one. */
export function HoldsFragment({ pageContext, view, timeZone }: { pageContext: PageContext; view: HoldsView; timeZone: string }) {
  return (
    <>
      <HoldsSection pageContext={pageContext} view={view} timeZone={timeZone} />
      {view.kind === 'lists' && view.notice ? <Announcement message={view.notice} /> : null}
    </>
  );
}

export function HoldsSection({ pageContext, view, timeZone }: { pageContext: PageContext; view: HoldsView; timeZone: string }) {
  return (
    <section id={HOLDS_ID}>
      {view.kind === 'lists' ? <ActiveHoldLists pageContext={pageContext} view={view} timeZone={timeZone} /> : null}
      {view.kind === 'confirmCancel' ? <ConfirmCancel pageContext={pageContext} holds={view.holds} /> : null}
      {view.kind === 'edit' ? <Edit pageContext={pageContext} view={view} /> : null}
    </section>
  );
}

function pickupName(pageContext: PageContext, hold: HoldRow): string {
  return pageContext.locale === 'ja' ? hold.pickupJa : hold.pickupEn;
}

/** The patron's holds as the account page and the htmx swaps show them: the waiting list, then the hold shelf. */
function ActiveHoldLists({
  pageContext,
  view,
  timeZone,
}: {
  pageContext: PageContext;
  view: Extract<HoldsView, { kind: 'lists' }>;
  timeZone: string;
}) {
  return (
    <>
      {/* After a cancel or a change the focus moves to what happened, as the ticked form is gone. */}
      {view.notice ? (
        <p class="notice success" tabindex={-1} autofocus>
          {view.notice}
        </p>
      ) : null}
      {view.lists.waiting.length === 0 ? <ErrorSummary pageContext={pageContext} errors={view.errors} /> : null}
      <h2 id="holds-waiting" tabindex={-1}>
        {pageContext.t('holds.waiting.heading')}
      </h2>
      <WaitingHolds pageContext={pageContext} holds={view.lists.waiting} timeZone={timeZone} errors={view.errors} until={view.until} />
      <h2>{pageContext.t('holds.ready.heading')}</h2>
      <ReadyHolds pageContext={pageContext} holds={view.lists.ready} />
    </>
  );
}

/**
 * 予約中一覧: holds pending or in transit, ticked to cancel or change them.
 * A selection error stands right above the buttons and takes the focus, so
 * a patron who pressed 取消 with nothing ticked reads it where they are,
 * not at the top of a long list off the screen.
 */
function WaitingHolds({
  pageContext,
  holds,
  timeZone,
  errors,
  until,
}: {
  pageContext: PageContext;
  holds: HoldRow[];
  timeZone: string;
  errors: FormError[];
  until: string | undefined;
}) {
  const { t } = pageContext;
  if (holds.length === 0) return <p>{t('holds.waiting.none')}</p>;
  return (
    <form method="post" action="/account/holds/cancel">
      <CsrfField token={pageContext.csrfToken} />
      <p class="hint">{t('holds.tickHint')}</p>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('holds.column.title')}</th>
            <th scope="col">{t('holds.column.placedAt')}</th>
            <th scope="col">{t('holds.column.pickup')}</th>
            <th scope="col">{t('holds.column.contact')}</th>
            <th scope="col">{t('holds.column.position')}</th>
            <th scope="col">{t('holds.column.status')}</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((hold) => (
            <tr>
              <td data-label={t('holds.column.title')}>
                <div class="checkbox">
                  <input type="checkbox" id={`hold-${hold.id}`} name="hold_id" value={String(hold.id)} />
                  <label for={`hold-${hold.id}`}>{hold.title}</label>
                </div>
              </td>
              <td data-label={t('holds.column.placedAt')}>
                {formatCalendarDate(libraryDate(hold.placedAt, timeZone), pageContext.locale)}
              </td>
              <td data-label={t('holds.column.pickup')}>{pickupName(pageContext, hold)}</td>
              <td data-label={t('holds.column.contact')}>{t(hold.phonedForMail ? 'contact.emailByPhone' : `contact.${hold.contact}`)}</td>
              <td data-label={t('holds.column.position')}>
                {hold.position === null ? '—' : t('holds.positionValue', { position: hold.position })}
              </td>
              <td data-label={t('holds.column.status')}>
                <WaitingStatus pageContext={pageContext} hold={hold} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {errors.map((error) => (
        <p id={`${error.field}-error`} class="field-error selection-error" role="alert" tabindex={-1} autofocus>
          {t(error.key, error.params)}
        </p>
      ))}
      {/* Before 取消: Enter in the date field submits the first button, which must be 保留する. */}
      <SuspendFields pageContext={pageContext} invalid={errors.some((error) => error.field === 'suspend-until')} until={until} />
      <div class="button-row">
        <button type="submit" hx-post="/account/holds/cancel" {...swap}>
          {t('holds.cancel')}
        </button>
        <button type="submit" class="secondary" formaction="/account/holds/edit" hx-post="/account/holds/edit" {...swap}>
          {t('holds.change')}
        </button>
      </div>
    </form>
  );
}

/**
 * 予約中 / 移送中, or 「保留中（12月24日まで）」 while suspended, then
 * 「順番予約 2/3」 and the need-by date when the hold has them: one cell, as a
 * column more would squeeze the titles on a desktop.
 */
function WaitingStatus({ pageContext, hold }: { pageContext: PageContext; hold: HoldRow }) {
  const { t, locale } = pageContext;
  const lines = [
    hold.suspendedUntil
      ? t('holds.status.suspended', { date: formatMonthDay(hold.suspendedUntil, locale) })
      : t(hold.status === 'in_transit' ? 'holds.status.in_transit' : 'holds.status.pending'),
    hold.series ? t('holds.series', { position: hold.series.position, size: hold.series.size }) : null,
    hold.needBy ? t('holds.needByValue', { date: formatMonthDay(hold.needBy, locale) }) : null,
  ].filter((line) => line !== null);
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

/**
 * 予約の保留: the date and the two buttons, inside the list's form so the
 * ticked holds go with them (without JavaScript too).
 */
function SuspendFields({ pageContext, invalid, until }: { pageContext: PageContext; invalid: boolean; until: string | undefined }) {
  const { t } = pageContext;
  const describedBy = invalid ? 'suspend-until-hint suspend-until-error' : 'suspend-until-hint';
  return (
    <fieldset class="suspend">
      <legend>{t('holds.suspend.legend')}</legend>
      <label for="suspend-until">{t('holds.suspend.until')}</label>
      <p id="suspend-until-hint" class="hint">
        {t('holds.suspend.hint')}
      </p>
      <input
        type="date"
        id="suspend-until"
        name="until"
        value={until}
        aria-describedby={describedBy}
        aria-invalid={invalid ? 'true' : undefined}
      />
      <div class="button-row">
        <button type="submit" class="secondary" formaction="/account/holds/suspend" hx-post="/account/holds/suspend" {...swap}>
          {t('holds.suspend.submit')}
        </button>
        <button type="submit" class="secondary" formaction="/account/holds/resume" hx-post="/account/holds/resume" {...swap}>
          {t('holds.resume.submit')}
        </button>
      </div>
    </fieldset>
  );
}

/** 予約確保一覧: holds on the hold shelf, with the pickup place and the day they wait until. */
function ReadyHolds({ pageContext, holds }: { pageContext: PageContext; holds: HoldRow[] }) {
  const { t } = pageContext;
  if (holds.length === 0) return <p>{t('holds.ready.none')}</p>;
  return (
    <>
      <p class="hint">{t('holds.ready.lead')}</p>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('holds.column.title')}</th>
            <th scope="col">{t('holds.column.pickup')}</th>
            <th scope="col">{t('holds.column.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((hold) => (
            <tr>
              <td data-label={t('holds.column.title')}>{hold.title}</td>
              <td data-label={t('holds.column.pickup')}>
                {pickupName(pageContext, hold)}
                {hold.pickupStop ? (
                  <>
                    <br />
                    {t('holds.ready.stop', { date: formatCalendarDate(hold.pickupStop, pageContext.locale) })}
                  </>
                ) : null}
              </td>
              <td data-label={t('holds.column.deadline')}>
                {hold.pickupDeadline ? formatCalendarDate(hold.pickupDeadline, pageContext.locale) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The held titles a step acts on, and the ids it posts again. */
function SelectedHolds({ holds }: { holds: HoldRow[] }) {
  return (
    <>
      <ul>
        {holds.map((hold) => (
          <li>{hold.title}</li>
        ))}
      </ul>
      {holds.map((hold) => (
        <input type="hidden" name="hold_id" value={String(hold.id)} />
      ))}
    </>
  );
}

/** The way back to the lists: the account page, or (with htmx) the lists swapped in again. */
function BackLink({ label }: { label: string }) {
  return (
    <a href="/account" hx-get="/account/holds" {...swap}>
      {label}
    </a>
  );
}

function ConfirmCancel({ pageContext, holds }: { pageContext: PageContext; holds: HoldRow[] }) {
  const { t } = pageContext;
  return (
    <form method="post" action="/account/holds/cancel">
      {/* Focus moves to the question when htmx swaps it in, so a keyboard user is not left on a removed button. */}
      <h2 tabindex={-1} autofocus>
        {t('holds.cancelConfirm.title')}
      </h2>
      <p>{t('holds.cancelConfirm.lead')}</p>
      <CsrfField token={pageContext.csrfToken} />
      <SelectedHolds holds={holds} />
      <input type="hidden" name="confirm" value="1" />
      <div class="button-row">
        <button type="submit" hx-post="/account/holds/cancel" {...swap}>
          {t('holds.cancelConfirm.submit')}
        </button>
        <BackLink label={t('holds.back')} />
      </div>
    </form>
  );
}

function Edit({ pageContext, view }: { pageContext: PageContext; view: Extract<HoldsView, { kind: 'edit' }> }) {
  const { t } = pageContext;
  return (
    <form method="post" action="/account/holds/edit" novalidate>
      <h2 tabindex={-1} autofocus>
        {t('holds.edit.title')}
      </h2>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <p>{t('holds.edit.lead')}</p>
      {view.inTransit ? <p class="notice">{t(view.places.length === 0 ? 'holds.edit.transitMixed' : 'holds.edit.transitKept')}</p> : null}
      <CsrfField token={pageContext.csrfToken} />
      <SelectedHolds holds={view.holds} />
      <ChoiceFields
        pageContext={pageContext}
        places={view.places}
        contacts={view.contacts}
        pickup={view.pickup}
        contact={view.contact}
        errors={view.errors}
      />
      <div class="button-row">
        <button type="submit" hx-post="/account/holds/edit" {...swap}>
          {t('holds.edit.submit')}
        </button>
        <BackLink label={t('holds.edit.back')} />
      </div>
    </form>
  );
}
