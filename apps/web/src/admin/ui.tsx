import { type ReactNode, createContext, useContext, useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { ApiError } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { Spinner } from '../ui/Spinner.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { copyText } from './clipboard.ts';

/** A section's title, a line saying what it is for, and its main actions. */
export function PageHeader({
  id,
  title,
  description,
  actions,
}: {
  id: string;
  title: string;
  description?: string;
  actions?: ReactNode;
}) {
  return (
    <header className="admin-page-header">
      <div>
        <h2 id={id}>{title}</h2>
        {description ? <p className="muted">{description}</p> : null}
      </div>
      {actions ? <div className="admin-page-actions">{actions}</div> : null}
    </header>
  );
}

/** While loading: a spinner; on failure: the reason and a retry button. */
export function LoadState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  if (!error) return <Spinner label={t('app.loading')} />;
  return (
    <div className="admin-empty" role="alert">
      <p>{errorMessage(error, t)}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/** Nothing here yet: what the list holds and how to add the first one. */
export function EmptyState({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <div className="admin-empty">
      <p>{text}</p>
      {action}
    </div>
  );
}

/** A failed save, announced; the server's message names the field at fault. */
export function FormError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorMessage(error, t)}
    </p>
  );
}

/** The field the last server error points at (`name`, `greeting.en`, `allowedOrigins.2`). */
export const ErrorFieldContext = createContext<string | null>(null);

export function errorField(error: unknown): string | null {
  return error instanceof ApiError ? (error.field ?? null) : null;
}

export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control: renders the label, the control (given its id and ARIA links) and an
 * optional hint; marks the control invalid when the server's error names this field.
 */
export function Field({
  label,
  name,
  hint,
  error,
  className,
  children,
}: {
  label: string;
  name?: string;
  hint?: ReactNode;
  /** A problem found before asking the server, shown under the control. */
  error?: string | null;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const failed = useContext(ErrorFieldContext);
  const serverInvalid = !!name && !!failed && (failed === name || failed.startsWith(`${name}.`));
  const described = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': serverInvalid || !!error || undefined,
        'aria-describedby': described || undefined,
      })}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Two overlapping sheets; the shared icon set has no copy icon. */
function CopyIcon() {
  return (
    <svg
      className="icon"
      width={16}
      height={16}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M9 9h11v11H9zM5 15H4V4h11v1" />
    </svg>
  );
}

/** Copies `text` and says so, on the button and to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button small"
      aria-label={label}
      onClick={() => {
        void copyText(text).then((ok) => {
          if (ok) {
            setCopied(true);
            toast.info(t('admin.copied'));
          } else toast.error(t('admin.copyFailed'));
        });
      }}
    >
      {copied ? <Icon name="check" /> : <CopyIcon />}
      {copied ? t('admin.copiedShort') : t('admin.copy')}
    </button>
  );
}

/** A read-only value with a copy button: links, keys, secrets shown once. */
export function CopyField({
  label,
  value,
  multiline,
  hint,
}: {
  label: string;
  value: string;
  multiline?: boolean;
  hint?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Field label={label} hint={hint}>
      {(control) => (
        <div className="copy-field">
          {multiline ? (
            <textarea
              {...control}
              className="code"
              readOnly
              value={value}
              rows={3}
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
            />
          ) : (
            <input
              {...control}
              className="code"
              readOnly
              value={value}
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
            />
          )}
          <CopyButton text={value} label={t('admin.copyThing', { name: label })} />
        </div>
      )}
    </Field>
  );
}
