import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorFieldContext, FormError, errorField } from './ui.tsx';

interface Props {
  title: string;
  submitLabel: string;
  onClose: () => void;
  /** Saves; a rejection is shown in the dialog, which stays open. */
  onSubmit: () => Promise<void>;
  children: ReactNode;
  className?: string;
  /** Set by the form when it finds a problem before asking the server. */
  localError?: string | null;
  /** A field shows a problem of its own: saving waits until it is fixed. */
  blocked?: boolean;
}

/**
 * A dialog around a form: Enter in a field submits, the footer's buttons belong to the form,
 * the save button shows progress, and a server error appears at the top with the field marked.
 */
export function FormDialog({
  title,
  submitLabel,
  onClose,
  onSubmit,
  children,
  className,
  localError,
  blocked,
}: Props) {
  const { t } = useI18n();
  const formId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || localError || blocked) return;
    setBusy(true);
    setError(null);
    onSubmit().then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      className={className}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="button button-primary"
            disabled={busy || !!localError || blocked}
          >
            {busy ? t('admin.saving') : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        {localError ? (
          <p className="form-error" role="alert">
            {localError}
          </p>
        ) : (
          <FormError error={error} />
        )}
        <ErrorFieldContext.Provider value={errorField(error)}>
          {children}
        </ErrorFieldContext.Provider>
      </form>
    </Dialog>
  );
}
