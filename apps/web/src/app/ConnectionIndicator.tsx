import { useI18n } from '../i18n/I18nProvider.tsx';
import { useConnectionStatus } from './workspace-context.tsx';

/** "Live" as a quiet dot; "Reconnecting…" stands out and is announced. */
export function ConnectionIndicator() {
  const { t } = useI18n();
  const status = useConnectionStatus();
  const label =
    status === 'live'
      ? t('shell.live')
      : status === 'reconnecting'
        ? t('shell.reconnecting')
        : status === 'connecting'
          ? t('shell.connecting')
          : t('shell.sessionEnded');
  return (
    <span className={`connection connection-${status}`} role="status" aria-live="polite">
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
