import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CustomField } from '../lib/types.ts';

interface Props {
  id: string;
  field: CustomField;
  value: unknown;
  onSave: (value: unknown) => Promise<void>;
}

/** One custom field value, edited by its type; text-like fields save when they lose focus. */
/** A scalar value as the text an input shows ('' for nothing). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function CustomFieldInput({ id, field, value, onSave }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(textOf(value));
  useEffect(() => setDraft(textOf(value)), [value]);

  const commit = () => {
    const current = textOf(value);
    if (draft === current) return;
    if (draft === '') return void onSave(null);
    void onSave(field.type === 'number' ? Number(draft) : draft);
  };

  switch (field.type) {
    case 'boolean':
      return (
        <select
          id={id}
          value={value === true ? 'yes' : value === false ? 'no' : ''}
          onChange={(event) => {
            const next = event.target.value;
            void onSave(next === '' ? null : next === 'yes');
          }}
        >
          <option value="">{t('props.none')}</option>
          <option value="yes">{t('props.yes')}</option>
          <option value="no">{t('props.no')}</option>
        </select>
      );
    case 'select':
      return (
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => void onSave(event.target.value || null)}
        >
          <option value="">{t('props.none')}</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'multiselect': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <select
          id={id}
          multiple
          value={selected}
          size={Math.min(4, Math.max(2, field.options.length))}
          onChange={(event) =>
            void onSave(Array.from(event.target.selectedOptions, (option) => option.value))
          }
        >
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    }
    case 'text':
    case 'number':
    case 'date':
      return (
        <input
          id={id}
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
          }}
        />
      );
  }
}
