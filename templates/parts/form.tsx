/**
 * Form pieces after the GOV.UK pattern: an error summary at the top that
 * links to each field, and fields with their label, hint and message tied
 * together with aria-describedby.
 */
import type { MessageKey, MessageParams } from '../../src/i18n/index.ts';
import type { PageContext } from '../page-context.ts';

/** One problem with a form: the field's id and the message that says how to fix it. */
export interface FormError {
  field: string;
  key: MessageKey;
  params?: MessageParams;
}

export function ErrorSummary({ pageContext, errors }: { pageContext: PageContext; errors: FormError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{pageContext.t('form.errorSummary')}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{pageContext.t(e.key, e.params)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  pageContext: PageContext;
  id: string;
  label: string;
  type: 'text' | 'password' | 'email' | 'tel' | 'date';
  value?: string;
  hint?: string;
  errors: FormError[];
  autocomplete: string;
  inputmode?: 'numeric' | 'text' | 'email' | 'tel';
  maxlength: number;
}

/** A labelled input; `id` is also the form field's name, as SPEC §10 names them. */
export function Field(props: FieldProps) {
  const error = props.errors.find((e) => e.field === props.id);
  const described = [props.hint ? `${props.id}-hint` : null, error ? `${props.id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.pageContext.t(error.key, error.params)}
        </p>
      ) : null}
      <input
        type={props.type}
        id={props.id}
        name={props.id}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        aria-describedby={described || undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}
