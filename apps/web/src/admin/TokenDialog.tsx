import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormDialog } from './FormDialog.tsx';
import { tokenScopes } from './rules.ts';
import type { CreatedApiToken, TokenScope } from './types.ts';
import { CopyField, Field } from './ui.tsx';

interface Props {
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}

/** Create an API token; the secret appears once, here, with a copy button. */
export function TokenDialog({ onClose, onCreated }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['conversations:read']);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  if (created) {
    return (
      <Dialog
        title={t('admin.tokens.createdTitle')}
        onClose={onClose}
        footer={
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('admin.tokens.stored')}
          </button>
        }
      >
        <p className="admin-warning" role="note">
          {t('admin.tokens.onceWarning')}
        </p>
        <CopyField
          label={t('admin.tokens.secret', { name: created.name })}
          value={created.token}
          hint={t('admin.tokens.usage')}
        />
      </Dialog>
    );
  }

  const toggle = (scope: TokenScope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((item) => item !== scope)));

  return (
    <FormDialog
      title={t('admin.tokens.newTitle')}
      submitLabel={t('admin.tokens.create')}
      onClose={onClose}
      localError={scopes.length === 0 ? t('admin.tokens.pickScope') : null}
      onSubmit={async () => {
        const token = await api.post<CreatedApiToken>('/api-tokens', { name: name.trim(), scopes });
        setCreated(token);
        onCreated(token);
      }}
    >
      <Field label={t('admin.tokens.name')} name="name" hint={t('admin.tokens.nameHint')}>
        {(control) => (
          <input
            {...control}
            value={name}
            maxLength={200}
            required
            data-autofocus
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <fieldset className="admin-checks">
        <legend>{t('admin.tokens.scopes')}</legend>
        {tokenScopes.map((scope) => (
          <label key={scope} className="admin-check admin-check-top">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) => toggle(scope, event.target.checked)}
            />
            <span>
              <code>{scope}</code>
              <span className="muted small admin-check-note">{t(`admin.scope.${scope}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </FormDialog>
  );
}
