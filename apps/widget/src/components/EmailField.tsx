import type { Translate } from '../i18n/i18n.ts';

// Deliberately loose: the server validates; this only catches obvious typos early.
export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

export interface EmailFieldProps {
  t: Translate;
  id: string;
  label: string;
  value: string;
  required: boolean;
  showError: boolean;
  onInput: (value: string) => void;
  autofocus?: boolean;
}

/** A labelled email input whose error is announced and tied to the field. */
export function EmailField(props: EmailFieldProps) {
  const invalid = props.showError && !looksLikeEmail(props.value);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="email"
        autocomplete="email"
        inputMode="email"
        value={props.value}
        required={props.required}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${props.id}-error` : undefined}
        data-autofocus={props.autofocus}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      {invalid && (
        <p id={`${props.id}-error`} class="field__error" role="alert">
          {props.t('form.invalidEmail')}
        </p>
      )}
    </div>
  );
}
