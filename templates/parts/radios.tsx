/**
 * A radio group after the GOV.UK pattern: a fieldset whose legend asks the
 * question, the hint and the message tied to it with aria-describedby. The
 * first radio carries the group's name as its id, so an error summary link
 * (`#name`) lands on the group.
 */
import type { PageContext } from '../page-context.ts';
import type { FormError } from './form.tsx';

export interface RadioOption {
  value: string;
  label: string;
}

export function Radios(props: {
  pageContext: PageContext;
  name: string;
  legend: string;
  hint?: string;
  options: RadioOption[];
  checked: string | null;
  errors: FormError[];
}) {
  const { pageContext, name } = props;
  const error = props.errors.find((e) => e.field === name);
  const described = [props.hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset aria-describedby={described || undefined}>
        <legend>{props.legend}</legend>
        {props.hint ? (
          <p class="hint" id={`${name}-hint`}>
            {props.hint}
          </p>
        ) : null}
        {error ? (
          <p class="field-error" id={`${name}-error`}>
            {pageContext.t(error.key, error.params)}
          </p>
        ) : null}
        {props.options.map((option, i) => {
          const id = i === 0 ? name : `${name}-${option.value}`;
          return (
            <div class="radio">
              <input type="radio" id={id} name={name} value={option.value} checked={option.value === props.checked} />
              <label for={id}>{option.label}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
