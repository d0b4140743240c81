import type { Translate } from '../i18n/i18n.ts';

export interface HeaderProps {
  t: Translate;
  title: string;
  isOnline: boolean;
  /** "Usually replies in about 5 minutes", when agents are online. */
  replyTime: string | null;
  onClose: () => void;
}

/** The panel's title bar: who the visitor is talking to, whether they are there, and close. */
export function Header({ t, title, isOnline, replyTime, onClose }: HeaderProps) {
  return (
    <header class="header">
      <div class="header__text">
        <h1 id="kefu-title" class="header__title" data-user-content>
          {title}
        </h1>
        <p class="header__status">
          <span class={`dot ${isOnline ? 'dot--online' : 'dot--away'}`} aria-hidden="true" />
          {isOnline ? (replyTime ?? t('header.online')) : t('header.offline')}
        </p>
      </div>
      <button type="button" class="header__close" aria-label={t('header.close')} onClick={onClose}>
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"
          />
        </svg>
      </button>
    </header>
  );
}
