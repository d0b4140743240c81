import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError } from './ui.tsx';

interface Props {
  title: string;
  /** What will happen, in plain words (names inside are rendered as text). */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** A destructive action: the button is red. */
  danger?: boolean;
}

/**
 * Asks before a destructive or disruptive action. Focus starts on Cancel, so Enter alone never
 * deletes anything; a failure stays in the dialog.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  danger,
}: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = () => {
    setBusy(true);
    setError(null);
    onConfirm().then(
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
      footer={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            {t('dialog.cancel')}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button-danger' : 'button-primary'}`}
            onClick={confirm}
            disabled={busy}
          >
            {busy ? t('admin.working') : confirmLabel}
          </button>
        </>
      }
    >
      <FormError error={error} />
      <div className="confirm-text">{children}</div>
    </Dialog>
  );
}
