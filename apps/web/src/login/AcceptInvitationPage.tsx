import { type FormEvent, useState } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { navigate } from '../lib/router.tsx';
import type { SessionInfo } from '../lib/types.ts';
import { LanguageSelect } from '../app/LanguageSelect.tsx';

/**
 * Where an invitation link lands (/app/accept-invitation?token=…): the invited person picks
 * their name and password and is signed in to the workspace that invited them.
 */
export function AcceptInvitationPage({
  token,
  onSignedIn,
}: {
  token: string;
  onSignedIn: (session: SessionInfo) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.post<SessionInfo>('/invitations/accept', { token, name, password });
      navigate('/app/', { replace: true });
      onSignedIn(session);
    } catch (failure) {
      setError(errorMessage(failure, t));
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login-card">
        <div className="login-brand" aria-hidden="true">
          <span className="brand-mark" data-brand>
            客
          </span>
        </div>
        <h1>{t('invitation.title')}</h1>
        <p className="muted">{t('invitation.subtitle')}</p>
        {token ? (
          <form onSubmit={(event) => void submit(event)} className="login-form" noValidate>
            <label className="field">
              <span>{t('invitation.name')}</span>
              <input
                autoComplete="name"
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
                autoFocus
              />
            </label>
            <label className="field">
              <span>{t('invitation.password')}</span>
              <input
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                required
              />
            </label>
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="button button-primary button-block" disabled={busy}>
              {busy ? t('invitation.submitting') : t('invitation.submit')}
            </button>
          </form>
        ) : (
          <p className="form-error" role="alert">
            {t('invitation.missingToken')}
          </p>
        )}
        <div className="login-footer">
          <LanguageSelect />
        </div>
      </div>
    </main>
  );
}
