/** Step ⑤'s 予約の有効期限 and 順番予約, and how ⑦ repeats and carries them (SPEC §14). */
import type { ReserveOptionError, ReserveOptions, ReserveOptionsResult } from '../src/holds/reserve-options.rules.ts';
import { formatCalendarDate } from '../src/i18n/format.ts';
import { Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';

/** What the fields show: the date as typed, and the box ticked or not. */
export interface EnteredOptions {
  needBy: string;
  inOrder: boolean;
}

export function enteredOptions(result: ReserveOptionsResult): EnteredOptions {
  if (!result.ok) return { needBy: result.needByText, inOrder: result.inOrder };
  return { needBy: result.options.needBy ?? '', inOrder: result.options.inOrder };
}

export function optionFormErrors(errors: ReserveOptionError[]): FormError[] {
  return errors.map((e) =>
    e.field === 'need_by'
      ? { field: 'need_by', key: `reserve.error.needBy.${e.error}` }
      : { field: 'in_order', key: 'reserve.error.inOrder' },
  );
}

/** The need-by date, and 順番予約 when there are several titles to order. */
export function OptionFields(props: { pageContext: PageContext; entered: EnteredOptions; titles: number; errors: FormError[] }) {
  const { pageContext, entered, errors } = props;
  const { t } = pageContext;
  const orderError = errors.find((e) => e.field === 'in_order');
  return (
    <>
      <Field
        pageContext={pageContext}
        id="need_by"
        label={t('reserve.needBy')}
        type="date"
        value={entered.needBy}
        hint={t('reserve.needByHint')}
        errors={errors}
        autocomplete="off"
        maxlength={20}
      />
      {props.titles >= 2 ? (
        <div class={orderError ? 'field has-error' : 'field'}>
          {orderError ? (
            <p class="field-error" id="in_order-error">
              {t(orderError.key)}
            </p>
          ) : null}
          <div class="checkbox">
            <input
              type="checkbox"
              id="in_order"
              name="in_order"
              value="1"
              checked={entered.inOrder}
              aria-describedby={orderError ? 'in_order-hint in_order-error' : 'in_order-hint'}
            />
            <label for="in_order">{t('reserve.inOrder')}</label>
          </div>
          <p class="hint" id="in_order-hint">
            {t('reserve.inOrderHint')}
          </p>
        </div>
      ) : null}
    </>
  );
}

/** ⑦'s summary rows for the options. */
export function OptionSummary({ pageContext, options }: { pageContext: PageContext; options: ReserveOptions }) {
  const { t } = pageContext;
  return (
    <>
      <dt>{t('reserve.needBy')}</dt>
      <dd>{options.needBy ? formatCalendarDate(options.needBy, pageContext.locale) : t('reserve.confirm.needByNone')}</dd>
      {options.inOrder ? (
        <>
          <dt>{t('reserve.confirm.inOrder')}</dt>
          <dd>{t('reserve.confirm.inOrderYes')}</dd>
        </>
      ) : null}
    </>
  );
}

/** ⑦'s hidden fields: ⑧ places the holds with the options confirmed. */
export function OptionHiddenFields({ options }: { options: ReserveOptions }) {
  return (
    <>
      {options.needBy ? <input type="hidden" name="need_by" value={options.needBy} /> : null}
      {options.inOrder ? <input type="hidden" name="in_order" value="1" /> : null}
    </>
  );
}
