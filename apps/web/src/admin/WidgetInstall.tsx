import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import type { WidgetSettings } from './types.ts';
import { CopyButton, CopyField } from './ui.tsx';

interface Props {
  settings: WidgetSettings;
  onChange: (settings: WidgetSettings) => void;
}

/** The embed snippet, the public key and the identity secret (hidden until asked, rotatable). */
export function WidgetInstall({ settings, onChange }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const [revealed, setRevealed] = useState(false);
  const [rotating, setRotating] = useState(false);

  return (
    <div className="admin-side">
      <div className="admin-card">
        <h3 className="admin-card-title">{t('admin.widget.install')}</h3>
        <p className="muted admin-card-text">{t('admin.widget.installHint')}</p>
        <CopyField label={t('admin.widget.snippet')} value={settings.snippet} multiline />
        <p className="field-hint">{t('admin.widget.snippetOptions')}</p>
        <a className="button" href="/demo" target="_blank" rel="noopener">
          <Icon name="eye" />
          {t('admin.widget.openDemo')}
        </a>
      </div>

      <div className="admin-card">
        <h3 className="admin-card-title">{t('admin.widget.identity')}</h3>
        <p className="muted admin-card-text">{t('admin.widget.identityHint')}</p>
        <div className="field">
          <span id="widget-secret-label">{t('admin.widget.secret')}</span>
          <div className="copy-field">
            <input
              className="code"
              readOnly
              aria-labelledby="widget-secret-label"
              type={revealed ? 'text' : 'password'}
              value={settings.identitySecret}
              autoComplete="off"
              spellCheck={false}
            />
            <button
              type="button"
              className="button small"
              aria-pressed={revealed}
              onClick={() => setRevealed((value) => !value)}
            >
              {revealed ? t('admin.widget.hide') : t('admin.widget.reveal')}
            </button>
            <CopyButton text={settings.identitySecret} label={t('admin.widget.copySecret')} />
          </div>
        </div>
        <button
          type="button"
          className="button button-danger-ghost"
          onClick={() => setRotating(true)}
        >
          {t('admin.widget.rotate')}
        </button>
        <p className="field-hint">{t('admin.widget.publicKey', { key: settings.publicKey })}</p>
      </div>

      {rotating ? (
        <ConfirmDialog
          title={t('admin.widget.rotateTitle')}
          confirmLabel={t('admin.widget.rotate')}
          danger
          onClose={() => setRotating(false)}
          onConfirm={async () => {
            const next = await api.post<WidgetSettings>('/widget-settings/rotate-secret');
            onChange(next);
            setRevealed(true);
            toast.info(t('admin.widget.rotated'));
            setRotating(false);
          }}
        >
          <p>{t('admin.widget.rotateBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
