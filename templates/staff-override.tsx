/**
 * The checkout override: beside a refusal about the patron (block, expiry,
 * limits, overdue items), a form that repeats the checkout with
 * `override=1` and the reason, which the audit log keeps.
 */
import { CsrfField } from './parts/csrf-field.tsx';
import { Field, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';

export function CheckoutOverrideForm({
  pageContext,
  cardNumber,
  barcode,
  errors,
}: {
  pageContext: PageContext;
  cardNumber: string;
  barcode: string;
  errors: FormError[];
}) {
  const { t } = pageContext;
  return (
    <form method="post" action="/staff/checkout" hx-post="/staff/checkout" hx-target="#desk" hx-swap="outerHTML" novalidate>
      <CsrfField token={pageContext.csrfToken} />
      <input type="hidden" name="card_number" value={cardNumber} />
      <input type="hidden" name="barcode" value={barcode} />
      <input type="hidden" name="override" value="1" />
      <Field
        pageContext={pageContext}
        id="override_reason"
        label={t('desk.override.reason')}
        hint={t('desk.override.hint')}
        type="text"
        errors={errors}
        autocomplete="off"
        maxlength={200}
      />
      <button type="submit" class="secondary">
        {t('desk.override.submit')}
      </button>
    </form>
  );
}
