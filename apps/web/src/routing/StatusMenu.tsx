import { useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { useToast } from '../ui/Toaster.tsx';
import type { PresenceStatus } from './types.ts';
import { useMyStatus } from './useMyStatus.ts';
import './routing.css';

/** The agent's status in the sidebar: online, away (with the workspace's reasons), offline. */
export function StatusMenu() {
  const { t } = useI18n();
  const toast = useToast();
  const { status, autoAway, change } = useMyStatus();
  const menu = useRef<HTMLDetailsElement>(null);
  const [busy, setBusy] = useState(false);
  if (!status) return null;

  const label =
    status.status === 'away'
      ? autoAway
        ? t('presence.autoAway')
        : status.awayReason
          ? t('presence.awayReason', { reason: status.awayReason })
          : t('presence.away')
      : t(`presence.${status.status}`);

  const choose = (next: PresenceStatus, reason: string | null = null) => {
    setBusy(true);
    change(next, reason).then(
      () => {
        setBusy(false);
        if (menu.current) menu.current.open = false;
      },
      (error: unknown) => {
        setBusy(false);
        toast.error(errorMessage(error, t));
      },
    );
  };

  return (
    <details className="status-menu" ref={menu}>
      <summary aria-label={t('presence.menu', { status: label })} title={t('presence.hint')}>
        <span className={`status-dot status-dot-${status.status}`} aria-hidden="true" />
        <span className="truncate" data-testid="my-status">
          {label}
        </span>
      </summary>
      <ul className="status-menu-list">
        <li>
          <button type="button" disabled={busy} onClick={() => choose('online')}>
            <span className="status-dot status-dot-online" aria-hidden="true" />
            {t('presence.online')}
          </button>
        </li>
        <li>
          <button type="button" disabled={busy} onClick={() => choose('away')}>
            <span className="status-dot status-dot-away" aria-hidden="true" />
            {t('presence.away')}
          </button>
        </li>
        {status.awayReasons.map((reason) => (
          <li key={reason}>
            <button type="button" disabled={busy} onClick={() => choose('away', reason)}>
              <span className="status-dot status-dot-away" aria-hidden="true" />
              <span data-user-content>{t('presence.awayReason', { reason })}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" disabled={busy} onClick={() => choose('offline')}>
            <span className="status-dot status-dot-offline" aria-hidden="true" />
            {t('presence.offline')}
          </button>
        </li>
      </ul>
    </details>
  );
}
