import { useRef, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import {
  type CannedResponse,
  renderCannedResponse,
  unfilledCannedResponseVariables,
} from '../lib/contracts-runtime.ts';
import { FormDialog } from './FormDialog.tsx';
import { Field } from './ui.tsx';

/** The variables a canned response may use (the contracts' cannedResponseVariableNames). */
const variables = ['customer.name', 'customer.email', 'agent.name', 'conversation.id'] as const;

interface Props {
  canned: CannedResponse | null;
  onClose: () => void;
  onSaved: (canned: CannedResponse) => void;
}

/** Write a reply template, with buttons that insert variables and a live preview. */
export function CannedDialog({ canned, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { session } = useWorkspace();
  const [shortcut, setShortcut] = useState(canned?.shortcut ?? '');
  const [title, setTitle] = useState(canned?.title ?? '');
  const [body, setBody] = useState(canned?.body ?? '');
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const sample = {
    'customer.name': t('admin.canned.sampleCustomer'),
    'customer.email': 'customer@example.com',
    'agent.name': session.user.name,
    'conversation.id': 1042,
  };
  const preview = renderCannedResponse(body, sample);
  const unknown = unfilledCannedResponseVariables(body, sample);

  const insert = (name: string) => {
    const area = bodyRef.current;
    const text = `{{${name}}}`;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + text + body.slice(end));
    // Put the caret after the inserted variable once React has rendered the new text.
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <FormDialog
      title={canned ? t('admin.canned.editTitle') : t('admin.canned.newTitle')}
      submitLabel={canned ? t('admin.save') : t('admin.canned.create')}
      className="dialog-wide"
      onClose={onClose}
      localError={null}
      onSubmit={async () => {
        const payload = { shortcut: shortcut.trim(), title: title.trim(), body };
        const saved = canned
          ? await api.patch<CannedResponse>(`/canned-responses/${canned.id}`, payload)
          : await api.post<CannedResponse>('/canned-responses', payload);
        onSaved(saved);
      }}
    >
      <div className="admin-form-row">
        <Field
          label={t('admin.canned.shortcut')}
          name="shortcut"
          hint={t('admin.canned.shortcutHint')}
        >
          {(control) => (
            <div className="admin-prefixed">
              <span aria-hidden="true">/</span>
              <input
                {...control}
                value={shortcut}
                maxLength={64}
                required
                spellCheck={false}
                data-autofocus
                onChange={(event) => setShortcut(event.target.value.replace(/^\//, ''))}
              />
            </div>
          )}
        </Field>
        <Field label={t('admin.canned.titleLabel')} name="title">
          {(control) => (
            <input
              {...control}
              value={title}
              maxLength={200}
              required
              onChange={(event) => setTitle(event.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label={t('admin.canned.body')} name="body">
        {(control) => (
          <textarea
            {...control}
            ref={bodyRef}
            value={body}
            rows={6}
            maxLength={10000}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
      </Field>
      <div className="admin-variables" role="group" aria-label={t('admin.canned.variables')}>
        <span className="muted small">{t('admin.canned.variables')}</span>
        {variables.map((name) => (
          <button
            key={name}
            type="button"
            className="variable-chip"
            onClick={() => insert(name)}
            aria-label={t('admin.canned.insert', { name: `{{${name}}}` })}
          >
            {`{{${name}}}`}
          </button>
        ))}
      </div>
      <div className="admin-preview" aria-live="polite">
        <div className="admin-preview-title">{t('admin.canned.preview')}</div>
        <p className="admin-preview-body">
          {preview.trim() ? preview : t('admin.canned.previewEmpty')}
        </p>
        {unknown.length ? (
          <p className="admin-preview-warning">
            {t('admin.canned.unknown', { names: unknown.map((name) => `{{${name}}}`).join(', ') })}
          </p>
        ) : null}
      </div>
    </FormDialog>
  );
}
