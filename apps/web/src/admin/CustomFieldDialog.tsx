import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { FormDialog } from './FormDialog.tsx';
import { customFieldTypes, keyFromLabel, parseLines, typeHasOptions } from './rules.ts';
import type { CustomField, CustomFieldType } from './types.ts';
import { Field } from './ui.tsx';

type Entity = CustomField['entity'];

interface Props {
  field: CustomField | null;
  /** For a new field: which records it belongs to. */
  entity: Entity;
  /** For a new field: where it goes (after the others). */
  nextPosition: number;
  onClose: () => void;
  onSaved: (field: CustomField) => void;
}

/**
 * Define or change a custom field. The key and type are fixed once created (stored values
 * depend on them); label, options, required and position can change.
 */
export function CustomFieldDialog({ field, entity, nextPosition, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyEdited, setKeyEdited] = useState(!!field);
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState((field?.options ?? []).join('\n'));
  const [required, setRequired] = useState(field?.required ?? false);
  const [position, setPosition] = useState(String(field?.position ?? nextPosition));
  const shownKey = keyEdited ? key : keyFromLabel(label);
  const needsOptions = typeHasOptions(type);

  const keyError =
    !field && shownKey && !/^[a-z][a-z0-9_]*$/.test(shownKey) ? t('admin.fields.keyRule') : null;

  return (
    <FormDialog
      title={field ? t('admin.fields.editTitle') : t('admin.fields.newTitle')}
      submitLabel={field ? t('admin.save') : t('admin.fields.create')}
      onClose={onClose}
      blocked={!!keyError}
      onSubmit={async () => {
        const common = {
          label: label.trim(),
          required,
          position: Number.parseInt(position, 10) || 0,
          ...(needsOptions ? { options: parseLines(options) } : {}),
        };
        const saved = field
          ? await api.patch<CustomField>(`/custom-fields/${field.id}`, common)
          : await api.post<CustomField>('/custom-fields', {
              ...common,
              entity,
              key: shownKey,
              type,
            });
        onSaved(saved);
      }}
    >
      <p className="admin-notice">
        {t(
          entity === 'conversation' ? 'admin.fields.forConversations' : 'admin.fields.forCustomers',
        )}
      </p>
      <Field label={t('admin.fields.label')} name="label">
        {(control) => (
          <input
            {...control}
            value={label}
            maxLength={200}
            required
            data-autofocus
            onChange={(event) => setLabel(event.target.value)}
          />
        )}
      </Field>
      <div className="admin-form-row">
        <Field
          label={t('admin.fields.key')}
          name="key"
          hint={field ? t('admin.fields.fixed') : t('admin.fields.keyHint')}
          error={keyError}
        >
          {(control) => (
            <input
              {...control}
              className="code"
              value={shownKey}
              maxLength={64}
              readOnly={!!field}
              spellCheck={false}
              onChange={(event) => {
                setKeyEdited(true);
                setKey(event.target.value);
              }}
            />
          )}
        </Field>
        <Field
          label={t('admin.fields.type')}
          name="type"
          hint={field ? t('admin.fields.fixed') : undefined}
        >
          {(control) => (
            <select
              {...control}
              value={type}
              disabled={!!field}
              onChange={(event) => setType(event.target.value as CustomFieldType)}
            >
              {customFieldTypes.map((value) => (
                <option key={value} value={value}>
                  {t(`admin.fieldType.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {needsOptions ? (
        <Field
          label={t('admin.fields.options')}
          name="options"
          hint={t('admin.fields.optionsHint')}
        >
          {(control) => (
            <textarea
              {...control}
              value={options}
              rows={5}
              onChange={(event) => setOptions(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <div className="admin-form-row">
        <Field
          label={t('admin.fields.position')}
          name="position"
          hint={t('admin.fields.positionHint')}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              max={10000}
              value={position}
              onChange={(event) => setPosition(event.target.value)}
            />
          )}
        </Field>
        <label className="admin-check admin-check-inline">
          <input
            type="checkbox"
            checked={required}
            onChange={(event) => setRequired(event.target.checked)}
          />
          <span>{t('admin.fields.required')}</span>
        </label>
      </div>
    </FormDialog>
  );
}
