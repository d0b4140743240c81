import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import type { Locale } from '../lib/types.ts';
import { useToast } from '../ui/Toaster.tsx';
import type { Workspace } from './types.ts';
import { useLoad } from './useLoad.ts';
import { ErrorFieldContext, Field, FormError, LoadState, PageHeader, errorField } from './ui.tsx';

/** Every IANA zone the browser knows, with `current` kept even if it does not list it. */
function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set([...zones, 'UTC', current]);
  return [...all].sort();
}

/** Name, default language and time zone of the workspace. */
export function WorkspaceSection() {
  const { t, format } = useI18n();
  const toast = useToast();
  const { refreshSession } = useWorkspace();
  const loaded = useLoad(() => api.get<Workspace>('/workspace'));
  const workspace = loaded.data;
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState('');
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!workspace) return;
    setName(workspace.name);
    setTimezone(workspace.timezone);
    setLocale(workspace.defaultLocale);
  }, [workspace]);

  const zones = useMemo(() => timeZones(timezone || 'UTC'), [timezone]);

  if (!workspace) {
    return (
      <section className="admin-page" aria-labelledby="admin-workspace">
        <PageHeader id="admin-workspace" title={t('admin.workspace.title')} />
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }

  const changed =
    name.trim() !== workspace.name ||
    timezone !== workspace.timezone ||
    locale !== workspace.defaultLocale;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    api.patch<Workspace>('/workspace', { name: name.trim(), timezone, defaultLocale: locale }).then(
      (saved) => {
        loaded.setData(saved);
        setBusy(false);
        toast.info(t('admin.saved'));
        // The sidebar's name and every date's time zone come from the session.
        refreshSession().catch(() => undefined);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  return (
    <section className="admin-page" aria-labelledby="admin-workspace">
      <PageHeader
        id="admin-workspace"
        title={t('admin.workspace.title')}
        description={t('admin.workspace.description')}
      />
      <form className="admin-card admin-form" onSubmit={save} noValidate>
        <FormError error={error} />
        <ErrorFieldContext.Provider value={errorField(error)}>
          <Field
            label={t('admin.workspace.name')}
            name="name"
            error={!name.trim() ? t('admin.required') : null}
          >
            {(control) => (
              <input
                {...control}
                value={name}
                maxLength={200}
                required
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('admin.workspace.locale')}
            name="defaultLocale"
            hint={t('admin.workspace.localeHint')}
          >
            {(control) => (
              <select
                {...control}
                value={locale}
                onChange={(event) => setLocale(event.target.value as Locale)}
              >
                <option value="zh-CN">简体中文</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
          <Field
            label={t('admin.workspace.timezone')}
            name="timezone"
            hint={t('admin.workspace.timezoneHint')}
          >
            {(control) => (
              <select
                {...control}
                value={timezone}
                onChange={(event) => setTimezone(event.target.value)}
              >
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </ErrorFieldContext.Provider>
        <dl className="props admin-facts">
          <div className="prop-row">
            <dt>{t('admin.workspace.slug')}</dt>
            <dd className="code">{workspace.slug}</dd>
          </div>
          <div className="prop-row">
            <dt>{t('admin.workspace.created')}</dt>
            <dd>{format.date(workspace.createdAt)}</dd>
          </div>
        </dl>
        <div className="admin-form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !changed || !name.trim()}
          >
            {busy ? t('admin.saving') : t('admin.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
