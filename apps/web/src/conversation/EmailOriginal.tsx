import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { formatAddress, formatAddresses } from '../lib/email.ts';
import type { Message, MessageEmailDetail } from '../lib/types.ts';
import { Dialog } from '../ui/Dialog.tsx';

/**
 * "View original": the whole text of an incoming mail, quoted history and signature included,
 * and the raw .eml as a download. The text is shown as text (React escapes it) and the mail's
 * HTML is never rendered here, so nothing in it can run; the download is served as an
 * attachment with a sandbox policy, so the browser never opens it as a page.
 */
export function EmailOriginal({ message }: { message: Message }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button email-original-toggle"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
      >
        {t('email.viewOriginal')}
      </button>
      {open ? <OriginalDialog message={message} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function OriginalDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<MessageEmailDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = `/conversations/${message.conversationId}/messages/${message.id}/email`;

  useEffect(() => {
    let live = true;
    api.get<MessageEmailDetail>(base).then(
      (value) => live && setDetail(value),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [base]);

  const footer = (
    <>
      {detail?.inboundEmailId ? (
        <a
          className="button"
          href={`/api/v1${base}/raw`}
          download={`message-${message.id}.eml`}
          data-testid="download-eml"
        >
          {t('email.original.download')}
        </a>
      ) : null}
      <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
        {t('dialog.close')}
      </button>
    </>
  );

  return (
    <Dialog
      title={t('email.original.title')}
      onClose={onClose}
      className="dialog-wide email-original"
      footer={footer}
    >
      {error ? (
        <p className="form-error" role="alert">
          {errorMessage(error, t)}
        </p>
      ) : !detail ? (
        <p className="muted small">{t('app.loading')}</p>
      ) : (
        <>
          <dl className="props email-original-headers">
            <OriginalRow label={t('email.from')} value={formatAddress(detail.from)} />
            {detail.to.length ? (
              <OriginalRow label={t('email.to')} value={formatAddresses(detail.to)} />
            ) : null}
            {detail.cc.length ? (
              <OriginalRow label={t('email.cc')} value={formatAddresses(detail.cc)} />
            ) : null}
            {detail.subject ? (
              <OriginalRow label={t('email.original.subject')} value={detail.subject} />
            ) : null}
            <OriginalRow label={t('email.original.messageId')} value={detail.rfcMessageId} />
          </dl>
          {detail.fullText ? (
            <pre className="email-original-text" data-user-content tabIndex={0}>
              {detail.fullText}
            </pre>
          ) : (
            <p className="muted small">{t('email.original.noText')}</p>
          )}
        </>
      )}
    </Dialog>
  );
}

function OriginalRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="prop-row">
      <dt>{label}</dt>
      <dd data-user-content>{value}</dd>
    </div>
  );
}
