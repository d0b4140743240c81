import { type FormEvent, useState } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import type { SessionInfo } from '../lib/types.ts';
import { LanguageSelect } from '../app/LanguageSelect.tsx';

const demo = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };

/** The demo login is only offered where `npm start` runs for a try-out, never on a real host. */
const isLocalHost = () => ['localhost', '127.0.0.1', '[::1]'].includes(window.location.hostname);

/** Email and password sign-in; the demo login is offered as a one-click fill. */
export function LoginPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.post<SessionInfo>('/auth/login', { email, password }));
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
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <form onSubmit={(event) => void submit(event)} className="login-form" noValidate>
          <label className="field">
            <span>{t('login.email')}</span>
            <input
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
              autoFocus
            />
          </label>
          <label className="field">
            <span>{t('login.password')}</span>
            <input
              type="password"
              autoComplete="current-password"
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
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        {isLocalHost() ? (
          <div className="login-demo">
            <span>{t('login.demoHint', demo)}</span>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setEmail(demo.email);
                setPassword(demo.password);
              }}
            >
              {t('login.useDemo')}
            </button>
          </div>
        ) : null}
        <div className="login-footer">
          <LanguageSelect />
        </div>
      </div>
    </main>
  );
}
