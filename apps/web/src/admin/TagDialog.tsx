import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { FormDialog } from './FormDialog.tsx';
import type { Tag } from './types.ts';
import { Field } from './ui.tsx';

/** Colours that read well as a dot next to dark text. */
const palette = [
  '#4f46e5',
  '#2563eb',
  '#0891b2',
  '#15803d',
  '#a15c07',
  '#c2410c',
  '#b91c1c',
  '#be185d',
  '#7e22ce',
  '#52525b',
];

interface Props {
  tag: Tag | null;
  onClose: () => void;
  onSaved: (tag: Tag) => void;
}

/** Create, rename or recolour a tag. */
export function TagDialog({ tag, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState<string | null>(tag?.color ?? null);
  const choices = color && !palette.includes(color) ? [...palette, color] : palette;
  const nameError = name.includes(',') ? t('admin.tags.noCommas') : null;

  return (
    <FormDialog
      title={tag ? t('admin.tags.editTitle') : t('admin.tags.newTitle')}
      submitLabel={tag ? t('admin.save') : t('admin.tags.create')}
      onClose={onClose}
      blocked={!!nameError}
      onSubmit={async () => {
        const body = { name: name.trim(), color };
        const saved = tag
          ? await api.patch<Tag>(`/tags/${tag.id}`, body)
          : await api.post<Tag>('/tags', body);
        onSaved(saved);
      }}
    >
      <Field
        label={t('admin.tags.name')}
        name="name"
        hint={t('admin.tags.nameHint')}
        error={nameError}
      >
        {(control) => (
          <input
            {...control}
            value={name}
            maxLength={64}
            required
            data-autofocus
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </Field>
      <fieldset className="admin-swatches">
        <legend>{t('admin.tags.color')}</legend>
        <label className="admin-swatch">
          <input
            type="radio"
            name="tag-color"
            checked={color === null}
            onChange={() => setColor(null)}
          />
          <span className="swatch swatch-none" aria-hidden="true" />
          <span className="visually-hidden">{t('admin.tags.noColor')}</span>
        </label>
        {choices.map((value) => (
          <label key={value} className="admin-swatch">
            <input
              type="radio"
              name="tag-color"
              checked={color === value}
              onChange={() => setColor(value)}
            />
            <span className="swatch" style={{ background: value }} aria-hidden="true" />
            <span className="visually-hidden">{value}</span>
          </label>
        ))}
      </fieldset>
      <p className="field-hint">
        {t('admin.tags.preview')}{' '}
        <span className="tag-chip admin-tag-chip">
          {color ? <span className="tag-dot" style={{ background: color }} /> : null}
          {name.trim() || t('admin.tags.name')}
        </span>
      </p>
    </FormDialog>
  );
}
