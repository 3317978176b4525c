// Form fields: a label, the control, and help or an error under it. The API's error
// `field` names which field shows the error.
import type { ComponentChildren, JSX } from 'preact';

let nextId = 0;
export function fieldId(prefix = 'f'): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

interface FieldProps {
  label: string;
  id: string;
  help?: ComponentChildren;
  error?: string | null;
  locked?: boolean;
  children: ComponentChildren;
}

export function Field({ label, id, help, error, locked, children }: FieldProps) {
  return (
    <div class={`field${error ? ' has-error' : ''}${locked ? ' is-locked' : ''}`}>
      <label for={id}>
        {label}
        {locked && (
          <span class="lock" title="Logged once; it cannot change (R-19)" aria-label="locked">
            {' '}🔒
          </span>
        )}
      </label>
      {children}
      {error ? (
        <div class="field-error" role="alert" id={`${id}-error`}>
          {error}
        </div>
      ) : help ? (
        <div class="field-help">{help}</div>
      ) : null}
    </div>
  );
}

type InputProps = JSX.IntrinsicElements['input'];

export function TextInput(props: InputProps) {
  return <input class="input" type="text" {...props} />;
}

type SelectProps = JSX.IntrinsicElements['select'] & {
  options: Array<{ value: string; label: string }>;
  placeholder?: string;
};

export function Select({ options, placeholder, ...rest }: SelectProps) {
  return (
    <select class="input" {...rest}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) => (
        <option value={o.value} key={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
