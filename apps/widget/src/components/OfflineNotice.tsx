import { useState } from 'preact/hooks';
import type { Translate } from '../i18n/i18n.ts';
import { EmailField, looksLikeEmail } from './EmailField.tsx';

export interface OfflineNoticeProps {
  t: Translate;
  savedEmail: string | null;
  onSave: (email: string) => Promise<boolean>;
}

/** No agent is online: say so, and ask for an email address to answer later. */
export function OfflineNotice({ t, savedEmail, onSave }: OfflineNoticeProps) {
  const [email, setEmail] = useState('');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);

  if (savedEmail) {
    return (
      <div class="notice" role="status">
        <p>{t('offline.saved', { email: savedEmail })}</p>
      </div>
    );
  }
  return (
    <form
      class="notice"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (!looksLikeEmail(email) || saving) return;
        setSaving(true);
        void onSave(email.trim()).finally(() => setSaving(false));
      }}
    >
      <p>{t('offline.notice')}</p>
      <div class="notice__row">
        <EmailField
          t={t}
          id="kefu-offline-email"
          label={t('offline.emailLabel')}
          value={email}
          required
          showError={tried}
          onInput={setEmail}
        />
        <button type="submit" class="button" disabled={saving}>
          {t('offline.submit')}
        </button>
      </div>
    </form>
  );
}
