import { useState } from 'preact/hooks';
import type { PreChatFieldMode } from '@kefu/contracts';
import type { Translate } from '../i18n/i18n.ts';
import { EmailField, looksLikeEmail } from './EmailField.tsx';

export interface PreChatFormProps {
  t: Translate;
  fields: { name: PreChatFieldMode; email: PreChatFieldMode };
  /** Nobody is online: say so here instead of a second email form beside this one. */
  isOffline: boolean;
  onSubmit: (answers: { name?: string; email?: string }) => void;
  onSkip: () => void;
}

/** Optional questions before the first message, as the workspace configured them. */
export function PreChatForm({ t, fields, isOffline, onSubmit, onSkip }: PreChatFormProps) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [tried, setTried] = useState(false);
  const anyRequired = fields.name === 'required' || fields.email === 'required';
  const emailNeeded = fields.email === 'required' || email.trim() !== '';
  const nameMissing = tried && fields.name === 'required' && !name.trim();

  return (
    <form
      class="prechat"
      noValidate
      aria-labelledby="kefu-prechat-intro"
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (fields.name === 'required' && !name.trim()) return;
        if (fields.email !== 'off' && emailNeeded && !looksLikeEmail(email)) return;
        const answers: { name?: string; email?: string } = {};
        if (name.trim()) answers.name = name.trim();
        if (email.trim()) answers.email = email.trim();
        onSubmit(answers);
      }}
    >
      {isOffline && <p>{t('offline.notice')}</p>}
      <p id="kefu-prechat-intro">{t(anyRequired ? 'prechat.introRequired' : 'prechat.intro')}</p>
      {fields.name !== 'off' && (
        <div class="field">
          <label for="kefu-prechat-name">
            {t('prechat.name')} {fields.name === 'required' && t('form.requiredMark')}
          </label>
          <input
            id="kefu-prechat-name"
            autocomplete="name"
            value={name}
            required={fields.name === 'required'}
            aria-invalid={nameMissing}
            aria-describedby={nameMissing ? 'kefu-prechat-name-error' : undefined}
            data-autofocus
            onInput={(event) => setName(event.currentTarget.value)}
          />
          {nameMissing && (
            <p id="kefu-prechat-name-error" class="field__error" role="alert">
              {t('form.required')}
            </p>
          )}
        </div>
      )}
      {fields.email !== 'off' && (
        <EmailField
          t={t}
          id="kefu-prechat-email"
          label={
            fields.email === 'required'
              ? `${t('prechat.email')} ${t('form.requiredMark')}`
              : t('prechat.email')
          }
          value={email}
          required={fields.email === 'required'}
          showError={tried && emailNeeded}
          onInput={setEmail}
          autofocus={fields.name === 'off'}
        />
      )}
      <div class="prechat__actions">
        <button type="submit" class="button">
          {t('prechat.start')}
        </button>
        {!anyRequired && (
          <button type="button" class="link-button" onClick={onSkip}>
            {t('prechat.skip')}
          </button>
        )}
      </div>
    </form>
  );
}
