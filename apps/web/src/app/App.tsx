import { useCallback, useEffect, useState } from 'react';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { guessLocale } from '../i18n/translate.ts';
import { AcceptInvitationPage } from '../login/AcceptInvitationPage.tsx';
import { LoginPage } from '../login/LoginPage.tsx';
import { ApiError, api, onUnauthenticated, setCsrfToken } from '../lib/api.ts';
import { browserTimeZone } from '../lib/format.ts';
import { loadPreferences, saveLocale, storedLocale } from '../lib/preferences.ts';
import { navigate } from '../lib/router.tsx';
import type { Locale, SessionInfo } from '../lib/types.ts';
import { Spinner } from '../ui/Spinner.tsx';
import { ToastProvider } from '../ui/Toaster.tsx';
import { Shell } from './Shell.tsx';
import { WorkspaceProvider } from './workspace-context.tsx';

type Boot =
  { state: 'loading' } | { state: 'anonymous' } | { state: 'ready'; session: SessionInfo };

/** Boots the app: asks for the session, then shows the login page or the workspace. */
export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [locale, setLocaleState] = useState<Locale>(() =>
    guessLocale(storedLocale(), navigator.languages),
  );
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  // Read once at start: an invitation link works whoever is signed in on this browser, and the
  // session check's 401 (which sends the app to /app/) must not lose it.
  const [invitation, setInvitation] = useState(() =>
    window.location.pathname === '/app/accept-invitation'
      ? (new URLSearchParams(window.location.search).get('token') ?? '')
      : null,
  );

  const signedIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setLocaleState(session.user.locale);
    setTimeZone(session.workspace.timezone);
    setBoot({ state: 'ready', session });
    loadPreferences().then(
      (preferences) => {
        setLocaleState(preferences.locale);
        setTimeZone(preferences.timezone ?? session.workspace.timezone);
      },
      () => undefined,
    );
  }, []);

  const signedOut = useCallback(() => {
    setCsrfToken(null);
    setBoot({ state: 'anonymous' });
    navigate('/app/', { replace: true });
  }, []);

  useEffect(() => {
    onUnauthenticated(signedOut);
    api.get<SessionInfo>('/auth/session').then(signedIn, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setBoot({ state: 'anonymous' });
      else setBoot({ state: 'anonymous' });
    });
    return () => onUnauthenticated(null);
  }, [signedIn, signedOut]);

  const isReady = boot.state === 'ready';
  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      saveLocale(next, isReady).catch(() => undefined);
    },
    [isReady],
  );

  return (
    <I18nProvider locale={locale} timeZone={timeZone} setLocale={setLocale}>
      <ToastProvider>
        {invitation !== null && boot.state !== 'loading' ? (
          <AcceptInvitationPage
            token={invitation}
            onSignedIn={(session) => {
              setInvitation(null);
              signedIn(session);
            }}
          />
        ) : boot.state === 'loading' ? (
          <div className="boot">
            <Spinner label="…" />
          </div>
        ) : boot.state === 'anonymous' ? (
          <LoginPage onSignedIn={signedIn} />
        ) : (
          <WorkspaceProvider
            session={boot.session}
            onSignedOut={signedOut}
            onSessionChanged={signedIn}
          >
            <Shell />
          </WorkspaceProvider>
        )}
      </ToastProvider>
    </I18nProvider>
  );
}
