/** The reservation flow's pages: ⑤ pickup place and contact method, ⑦ confirmation, ⑧ result. */
import type { CartView } from '../src/cart/cart.repo.ts';
import type { Locale } from '../src/config.ts';
import type { ContactMethod } from '../src/db/schema.ts';
import type { PickupPlaceOption, ReservationResult } from '../src/holds/holds.repo.ts';
import type { ChoiceError } from '../src/holds/holds.rules.ts';
import { LimitMeterView, reasonKey, reservabilityNote } from './cart.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import { CardStandingNotice, type CardStanding } from './parts/card-standing.tsx';
import { Radios } from './parts/radios.tsx';
import { ReservationStep } from './parts/step.tsx';
import { type EnteredOptions, OptionFields, OptionHiddenFields, OptionSummary } from './reserve-options.tsx';
import { optionParams, type ReserveOptions } from '../src/holds/reserve-options.rules.ts';
import type { PageContext } from './page-context.ts';

/** What every step of the flow knows: the patron, the places and methods offered, the cart. */
export interface FlowView {
  cardNumber: string;
  places: PickupPlaceOption[];
  contacts: ContactMethod[];
  cart: CartView;
  /** Why this card cannot reserve (blocked, expired), said before the patron confirms; null when it can. */
  standing: CardStanding | null;
}

/** A pickup place's name in the page's language (a code no longer configured shows as itself). */
export function placeName(places: PickupPlaceOption[], code: string, locale: Locale): string {
  const place = places.find((p) => p.code === code);
  if (!place) return code;
  return locale === 'ja' ? place.nameJa : place.nameEn;
}

/** 【お名前】 as the card number: a fact, not a field. */
function NameRow({ pageContext, cardNumber }: { pageContext: PageContext; cardNumber: string }) {
  return (
    <dl class="summary">
      <dt>{pageContext.t('reserve.name')}</dt>
      <dd>
        <span class="card-number">{cardNumber}</span>
        <span class="hint">{pageContext.t('reserve.nameHint')}</span>
      </dd>
    </dl>
  );
}

const choiceErrors: Record<ChoiceError, FormError> = {
  pickupMissing: { field: 'pickup', key: 'reserve.error.pickup' },
  contactMissing: { field: 'contact', key: 'reserve.error.contact' },
  contactEmail: { field: 'contact', key: 'reserve.error.contactEmail' },
};

/** The messages (linked to their radio groups) for what parseChoices found wrong. */
export function choiceFormErrors(errors: ChoiceError[]): FormError[] {
  return errors.map((e) => choiceErrors[e]);
}

/** The pickup place and contact method radios, shared by step ⑤ and the change of a hold. */
export function ChoiceFields(props: {
  pageContext: PageContext;
  places: PickupPlaceOption[];
  contacts: ContactMethod[];
  pickup: string | null;
  contact: ContactMethod | null;
  errors: FormError[];
}) {
  const { pageContext } = props;
  const { t } = pageContext;
  const emailOffered = props.contacts.includes('email');
  return (
    <>
      <Radios
        pageContext={pageContext}
        name="pickup"
        legend={t('reserve.pickup')}
        hint={t('reserve.pickupHint')}
        options={props.places.map((p) => ({ value: p.code, label: pageContext.locale === 'ja' ? p.nameJa : p.nameEn }))}
        checked={props.pickup}
        errors={props.errors}
      />
      <Radios
        pageContext={pageContext}
        name="contact"
        legend={t('reserve.contact')}
        hint={emailOffered ? t('reserve.contactHint') : `${t('reserve.contactHint')} ${t('reserve.contactNoEmail')}`}
        options={props.contacts.map((c) => ({ value: c, label: t(`contact.${c}`) }))}
        checked={props.contact}
        errors={props.errors}
      />
    </>
  );
}

/** Step ⑤: 【お名前】, 【受取場所】, 【ご連絡方法】, then 「次に進む」. */
export function ChoicesPage(props: {
  pageContext: PageContext;
  flow: FlowView;
  pickup: string | null;
  contact: ContactMethod | null;
  entered: EnteredOptions;
  errors: FormError[];
}) {
  const { pageContext, flow } = props;
  const { t } = pageContext;
  return (
    <>
      <ReservationStep pageContext={pageContext} step={5} />
      <h1>{t('reserve.form.title')}</h1>
      <CardStandingNotice pageContext={pageContext} standing={flow.standing} />
      <ErrorSummary pageContext={pageContext} errors={props.errors} />
      <form method="post" action="/reserve/confirm" novalidate>
        <CsrfField token={pageContext.csrfToken} />
        <NameRow pageContext={pageContext} cardNumber={flow.cardNumber} />
        <ChoiceFields
          pageContext={pageContext}
          places={flow.places}
          contacts={flow.contacts}
          pickup={props.pickup}
          contact={props.contact}
          errors={props.errors}
        />
        <OptionFields pageContext={pageContext} entered={props.entered} titles={flow.cart.titles.length} errors={props.errors} />
        <button type="submit">{t('reserve.next')}</button>
      </form>
      <h2>{t('reserve.items')}</h2>
      <ul>
        {flow.cart.titles.map((title) => (
          <li>{title.title}</li>
        ))}
      </ul>
      <p>
        <a href="/cart">{t('reserve.backToCart')}</a>
      </p>
    </>
  );
}

/** Step ⑦: every title with the choices, and 「予約を確定する」 carrying the confirmation's idempotency key. */
export function ConfirmPage(props: {
  pageContext: PageContext;
  flow: FlowView;
  pickup: string;
  contact: ContactMethod;
  options: ReserveOptions;
  confirmationKey: string;
}) {
  const { pageContext, flow } = props;
  const { t } = pageContext;
  const change = `/reserve?${new URLSearchParams({ pickup: props.pickup, contact: props.contact, ...optionParams(props.options) })}`;
  return (
    <>
      <ReservationStep pageContext={pageContext} step={7} />
      <h1>{t('reserve.confirm.title')}</h1>
      <CardStandingNotice pageContext={pageContext} standing={flow.standing} />
      <p>{t('reserve.confirm.lead')}</p>
      <dl class="summary">
        <dt>{t('reserve.name')}</dt>
        <dd class="card-number">{flow.cardNumber}</dd>
        <dt>{t('reserve.pickup')}</dt>
        <dd>{placeName(flow.places, props.pickup, pageContext.locale)}</dd>
        <dt>{t('reserve.contact')}</dt>
        <dd>{t(`contact.${props.contact}`)}</dd>
        <OptionSummary pageContext={pageContext} options={props.options} />
      </dl>
      <p>
        <a href={change}>{t('reserve.confirm.change')}</a>
      </p>
      <h2>{t('reserve.items')}</h2>
      <ul class="titles">
        {flow.cart.titles.map((title) => (
          <li>
            {title.title}
            {title.verdict.reservable ? null : (
              <span class="status error"> — {t('reserve.confirm.warning', { reason: reservabilityNote(t, title.verdict) })}</span>
            )}
          </li>
        ))}
      </ul>
      <LimitMeterView pageContext={pageContext} meter={flow.cart.meter} signedIn />
      <form method="post" action="/reserve">
        <CsrfField token={pageContext.csrfToken} />
        <input type="hidden" name="key" value={props.confirmationKey} />
        <input type="hidden" name="pickup" value={props.pickup} />
        <input type="hidden" name="contact" value={props.contact} />
        <OptionHiddenFields options={props.options} />
        {flow.cart.titles.map((title) => (
          <input type="hidden" name="record_id" value={String(title.recordId)} />
        ))}
        <button type="submit">{t('reserve.confirm.submit')}</button>
      </form>
    </>
  );
}

/** Step ⑧: per title, placed with its queue position or refused with the reason; 「予約完了」 ends the flow. */
export function ResultPage({
  pageContext,
  result,
  places,
}: {
  pageContext: PageContext;
  result: ReservationResult;
  places: PickupPlaceOption[];
}) {
  const { t } = pageContext;
  const placed = result.items.filter((item) => item.outcome === 'placed').length;
  const refused = result.items.length - placed;
  return (
    <>
      <ReservationStep pageContext={pageContext} step={8} />
      <h1>{t('reserve.result.title')}</h1>
      <p class={placed === result.items.length ? 'notice success' : 'notice warning'}>
        {refused === 0 ? t('reserve.result.leadAll', { placed }) : t('reserve.result.lead', { placed, refused })}
      </p>
      <dl class="summary">
        <dt>{t('reserve.pickup')}</dt>
        <dd>{placeName(places, result.pickup, pageContext.locale)}</dd>
        <dt>{t('reserve.contact')}</dt>
        <dd>{t(`contact.${result.contact}`)}</dd>
      </dl>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('cart.column.title')}</th>
            <th scope="col">{t('reserve.result.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr>
              <td data-label={t('cart.column.title')}>{item.title ?? t('reserve.result.recordNumber', { id: item.recordId })}</td>
              <td data-label={t('reserve.result.outcome')}>
                {item.outcome === 'placed' ? (
                  <span class="status ok">{t('reserve.result.placed', { position: item.position })}</span>
                ) : (
                  <span class="status error">{t('reserve.result.refused', { reason: t(reasonKey(item.reason)) })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a class="button" href="/account">
          {t('reserve.result.done')}
        </a>
      </p>
    </>
  );
}

/** A confirmation that cannot be read (a forged or stale form): what to do next, never a stack trace. */
export function ReserveRefusedPage({ pageContext, message }: { pageContext: PageContext; message: string }) {
  return (
    <>
      <h1>{pageContext.t('reserve.bad.title')}</h1>
      <p class="notice warning">{message}</p>
      <p>
        <a href="/cart">{pageContext.t('reserve.backToCart')}</a>
      </p>
    </>
  );
}
