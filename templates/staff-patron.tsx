/** Patron support at the desk: the card lookup and one patron's record. */
import type { ContactMethod } from '../src/db/schema.ts';
import type { ResultItem } from '../src/holds/holds.repo.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import { formatCalendarDate, formatDateTime } from '../src/i18n/format.ts';
import type { PatronMailStatus } from '../src/mail/mail.repo.ts';
import type { CirculationTerms } from '../src/patrons/patron-category.rules.ts';
import type { PatronOverview } from '../src/patrons/patron-overview.repo.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CategoryTerms } from './parts/category-terms.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';
import { CardField, type PlaceNames, PatronPanel } from './staff-circulation.tsx';
import { StaffPage } from './staff.tsx';
import { PatronPrivacyAdmin } from './staff-privacy.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const supportNotices = ['unlocked', 'testMailQueued', 'noEmail', 'holdCancelled', 'holdNotActive'] as const;
export type SupportNotice = (typeof supportNotices)[number];

export function PatronLookupPage({
  pageContext,
  staff,
  card,
  errors,
}: {
  pageContext: PageContext;
  staff: Staff;
  card: string;
  errors: FormError[];
}) {
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={pageContext.t('support.lookup.title')}>
      <ErrorSummary pageContext={pageContext} errors={errors} />
      <form method="get" action="/staff/patrons" novalidate>
        <CardField pageContext={pageContext} value={card} errors={errors} />
        <button type="submit">{pageContext.t('support.lookup.submit')}</button>
      </form>
      <p>
        <a href="/staff/patrons/new">{pageContext.t('patronDesk.new.link')}</a>
      </p>
    </StaffPage>
  );
}

/** A one-button form posting to the patron's record. */
function ActionButton({ pageContext, action, label }: { pageContext: PageContext; action: string; label: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={pageContext.csrfToken} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
}

export interface CounterHoldView {
  /** The idempotency key of this form: a double submit places one hold. */
  key: string;
  /** The search on the patron page (q) and the records it found; null before a search. */
  search: { q: string; hits: { id: number; title: string; author: string }[] } | null;
  errors: FormError[];
  result: ResultItem | null;
}

export interface PatronSupportProps {
  pageContext: PageContext;
  staff: Staff;
  patron: PatronOverview;
  mail: PatronMailStatus;
  /** Devices the patron subscribed to push notices (SPEC §14). */
  pushDevices: number;
  notice: SupportNotice | null;
  places: PlaceNames;
  now: Date;
  timeZone: string;
  counterHold: CounterHoldView & { contacts: ContactMethod[] };
  terms: PatronTerms;
}

/** The patron's category (named in the page's language; null for none) and the loan and hold terms it gives them. */
export interface PatronTerms {
  category: string | null;
  terms: CirculationTerms;
}

export function PatronSupportPage(props: PatronSupportProps) {
  const { pageContext, staff, patron, mail, pushDevices, notice, places, now, timeZone, counterHold } = props;
  const { t } = pageContext;
  const base = `/staff/patrons/${patron.cardNumber}`;
  const time = (at: Date) => formatDateTime(at, pageContext.locale, timeZone);
  return (
    <StaffPage pageContext={pageContext} staff={staff} title={t('support.title', { name: patron.name })}>
      {notice ? (
        <p class={notice === 'noEmail' || notice === 'holdNotActive' ? 'notice warning' : 'notice success'} role="status">
          {t(`support.done.${notice}`)}
        </p>
      ) : null}
      <p>
        <a class="button" href={`/staff/checkout?card=${patron.cardNumber}`}>
          {t('support.checkout')}
        </a>
      </p>
      <PatronDetails pageContext={pageContext} patron={patron} terms={props.terms} />
      <p>
        <a href={`${base}/edit`}>{t('patronDesk.record.link')}</a>
      </p>
      <LoginLock pageContext={pageContext} patron={patron} base={base} now={now} time={time} />
      <MailStatus pageContext={pageContext} patron={patron} mail={mail} pushDevices={pushDevices} base={base} time={time} />
      <PatronPanel pageContext={pageContext} patron={patron} standing={null} places={places} />
      <CounterHoldForm pageContext={pageContext} base={base} view={counterHold} places={places} />
      <HoldCancelList pageContext={pageContext} patron={patron} base={base} time={time} />
      {staff.role === 'admin' ? <PatronPrivacyAdmin pageContext={pageContext} cardNumber={patron.cardNumber} /> : null}
    </StaffPage>
  );
}

/** The patron's card, category and terms, reading, phone, expiry, block and whether a password is set. */
function PatronDetails({ pageContext, patron, terms }: { pageContext: PageContext; patron: PatronOverview; terms: PatronTerms }) {
  const { t, locale } = pageContext;
  return (
    <dl>
      <dt>{t('desk.cardNumber')}</dt>
      <dd>{patron.cardNumber}</dd>
      {terms.category !== null ? (
        <>
          <dt>{t('support.category')}</dt>
          <dd>{terms.category}</dd>
        </>
      ) : null}
      <dt>{t('support.terms')}</dt>
      <dd>
        <CategoryTerms pageContext={pageContext} terms={terms.terms} />
      </dd>
      <dt>{t('support.kana')}</dt>
      <dd>{patron.nameKana}</dd>
      <dt>{t('support.phone')}</dt>
      <dd>{patron.phone || t('support.none')}</dd>
      <dt>{t('support.expires')}</dt>
      <dd>{patron.expiresOn ? formatCalendarDate(patron.expiresOn, locale) : t('support.none')}</dd>
      <dt>{t('support.blocked')}</dt>
      <dd>{patron.blockedReason ?? t('support.none')}</dd>
      <dt>{t('support.password')}</dt>
      <dd>{t(patron.hasPassword ? 'support.password.set' : 'support.password.unset')}</dd>
    </dl>
  );
}

/** Formats a moment in the library's time zone. */
type FormatTime = (at: Date) => string;

/** The login lock: until when it holds, and the button that lifts it early. */
function LoginLock({
  pageContext,
  patron,
  base,
  now,
  time,
}: {
  pageContext: PageContext;
  patron: PatronOverview;
  base: string;
  now: Date;
  time: FormatTime;
}) {
  const { t } = pageContext;
  const locked = patron.lockedUntil !== null && patron.lockedUntil > now;
  return (
    <>
      <h2>{t('support.lock.heading')}</h2>
      {locked ? (
        <>
          <p class="notice warning">{t('support.lock.locked', { until: time(patron.lockedUntil!) })}</p>
          <ActionButton pageContext={pageContext} action={`${base}/unlock`} label={t('support.lock.unlock')} />
        </>
      ) : (
        <p>{t('support.lock.open', { count: patron.failedLogins })}</p>
      )}
    </>
  );
}

/** The patron's e-mail: address, last sent, last failure, waiting mail, and a test mail to a confirmed address. */
function MailStatus({
  pageContext,
  patron,
  mail,
  pushDevices,
  base,
  time,
}: {
  pageContext: PageContext;
  patron: PatronOverview;
  mail: PatronMailStatus;
  pushDevices: number;
  base: string;
  time: FormatTime;
}) {
  const { t } = pageContext;
  return (
    <>
      <h2>{t('support.mail.heading')}</h2>
      <dl>
        <dt>{t('support.mail.address')}</dt>
        <dd>
          {patron.email
            ? t('common.withAside', {
                text: patron.email,
                aside: t(patron.emailConfirmed ? 'support.mail.confirmed' : 'support.mail.unconfirmed'),
              })
            : t('support.none')}
        </dd>
        {mail.undeliverable ? (
          <>
            <dt>{t('support.mail.undeliverable')}</dt>
            <dd class="field-error">
              {time(mail.undeliverable.at)}: {mail.undeliverable.reason}
            </dd>
          </>
        ) : null}
        <dt>{t('support.mail.lastSent')}</dt>
        <dd>{mail.lastSent ? `${time(mail.lastSent.at)} → ${mail.lastSent.to}` : t('support.none')}</dd>
        <dt>{t('support.mail.lastFailure')}</dt>
        <dd>
          {mail.lastFailure ? `${time(mail.lastFailure.at)} → ${mail.lastFailure.to}: ${mail.lastFailure.reason}` : t('support.none')}
        </dd>
        <dt>{t('support.mail.waiting')}</dt>
        <dd>{mail.waiting}</dd>
        <dt>{t('push.staffDevices')}</dt>
        <dd>{pushDevices > 0 ? t('push.staffDevicesCount', { count: pushDevices }) : t('push.staffNoDevices')}</dd>
      </dl>
      {patron.email && patron.emailConfirmed ? (
        <ActionButton pageContext={pageContext} action={`${base}/test-mail`} label={t('support.mail.test')} />
      ) : null}
    </>
  );
}

/** The patron's active holds, each with the button that cancels it for them. */
function HoldCancelList({
  pageContext,
  patron,
  base,
  time,
}: {
  pageContext: PageContext;
  patron: PatronOverview;
  base: string;
  time: FormatTime;
}) {
  const { t } = pageContext;
  if (patron.holds.length === 0) return null;
  return (
    <>
      <h2>{t('support.holds.cancelHeading')}</h2>
      <ul>
        {patron.holds.map((hold) => (
          <li>
            {t('support.holds.line', {
              title: hold.title,
              via: t(`support.placedVia.${hold.placedVia}` as MessageKey),
              at: time(hold.placedAt),
            })}{' '}
            <ActionButton
              pageContext={pageContext}
              action={`${base}/holds/${hold.holdId}/cancel`}
              label={t('support.holds.cancel', { title: hold.title })}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

/** 「カウンター予約」: the same placement and limits as a Web hold, marked as placed at the counter. */
function CounterHoldForm({
  pageContext,
  base,
  view,
  places,
}: {
  pageContext: PageContext;
  base: string;
  view: PatronSupportProps['counterHold'];
  places: PlaceNames;
}) {
  const { t } = pageContext;
  return (
    <section aria-labelledby="counter-hold">
      <h2 id="counter-hold">{t('support.counterHold.heading')}</h2>
      <ErrorSummary pageContext={pageContext} errors={view.errors} />
      <CounterHoldOutcome pageContext={pageContext} result={view.result} />
      <form method="get" action={base} role="search" novalidate>
        <Field
          pageContext={pageContext}
          id="q"
          label={t('support.counterHold.search')}
          type="text"
          value={view.search?.q ?? ''}
          errors={[]}
          autocomplete="off"
          maxlength={200}
        />
        <button type="submit">{t('support.counterHold.searchSubmit')}</button>
      </form>
      {view.search && view.search.hits.length === 0 ? <p>{t('support.counterHold.none', { q: view.search.q })}</p> : null}
      {view.search && view.search.hits.length > 0 ? (
        <form method="post" action={`${base}/holds`} novalidate>
          <CsrfField token={pageContext.csrfToken} />
          <input type="hidden" name="key" value={view.key} />
          <fieldset id="record_id">
            <legend>{t('support.counterHold.choose')}</legend>
            {view.search.hits.map((hit) => (
              <div class="radio">
                <input type="radio" id={`record-${hit.id}`} name="record_id" value={String(hit.id)} />
                <label for={`record-${hit.id}`}>
                  {hit.author ? t('common.withAside', { text: hit.title, aside: hit.author }) : hit.title}
                </label>
              </div>
            ))}
          </fieldset>
          <input type="hidden" name="q" value={view.search.q} />
          <div class="field">
            <label for="pickup">{t('support.counterHold.pickupLabel')}</label>
            <select id="pickup" name="pickup">
              {Object.entries(places).map(([code, name]) => (
                <option value={code}>{name}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="contact">{t('support.counterHold.contactLabel')}</label>
            <select id="contact" name="contact">
              {view.contacts.map((m) => (
                <option value={m}>{t(`support.contact.${m}`)}</option>
              ))}
            </select>
          </div>
          <button type="submit">{t('support.counterHold.submit')}</button>
        </form>
      ) : null}
    </section>
  );
}

/** What became of the last counter hold: placed at a queue position, or refused with the rule's reason. */
function CounterHoldOutcome({ pageContext, result }: { pageContext: PageContext; result: ResultItem | null }) {
  const { t } = pageContext;
  if (result?.outcome === 'placed') {
    return (
      <p class="notice success" role="status">
        {t('support.counterHold.placed', { title: result.title ?? '', position: result.position })}
      </p>
    );
  }
  if (result?.outcome === 'refused') {
    return (
      <p class="notice warning" role="alert">
        {t('support.counterHold.refused', { reason: t(`refusal.${result.reason}`) })}
      </p>
    );
  }
  return null;
}
