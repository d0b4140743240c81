import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { invalidOrigins, isHexColor, parseLines } from './rules.ts';
import type { PreChatFieldMode, WidgetSettings } from './types.ts';
import { useLoad } from './useLoad.ts';
import { ErrorFieldContext, Field, FormError, LoadState, PageHeader, errorField } from './ui.tsx';
import { WidgetInstall } from './WidgetInstall.tsx';

interface Draft {
  enabled: boolean;
  color: string;
  greetingZh: string;
  greetingEn: string;
  preChatName: PreChatFieldMode;
  preChatEmail: PreChatFieldMode;
  expectedReplyMinutes: string;
  allowedOrigins: string;
}

const draftOf = (settings: WidgetSettings): Draft => ({
  enabled: settings.enabled,
  color: settings.color,
  greetingZh: settings.greeting['zh-CN'],
  greetingEn: settings.greeting.en,
  preChatName: settings.preChat.name,
  preChatEmail: settings.preChat.email,
  expectedReplyMinutes: String(settings.expectedReplyMinutes),
  allowedOrigins: settings.allowedOrigins.join('\n'),
});

const modes: PreChatFieldMode[] = ['off', 'optional', 'required'];

/** The chat widget: look, greetings, pre-chat fields, where it may run, and how to embed it. */
export function WidgetSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(() => api.get<WidgetSettings>('/widget-settings'));
  const settings = loaded.data;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // The draft starts from the first load and from each save; rotating the secret keeps it.
  useEffect(() => {
    if (settings && !draft) setDraft(draftOf(settings));
  }, [settings, draft]);

  if (!settings || !draft) {
    return (
      <section className="admin-page" aria-labelledby="admin-widget">
        <PageHeader id="admin-widget" title={t('admin.widget.title')} />
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => (current ? { ...current, [key]: value } : current));
  const origins = parseLines(draft.allowedOrigins);
  const badOrigins = invalidOrigins(origins);
  const minutes = Number.parseInt(draft.expectedReplyMinutes, 10);
  const colorError = isHexColor(draft.color) ? null : t('admin.widget.colorRule');
  const originsError = badOrigins.length
    ? t('admin.widget.originRule', { origins: badOrigins.join(', ') })
    : null;
  const minutesError = minutes >= 1 && minutes <= 10080 ? null : t('admin.widget.minutesRule');
  const localError = colorError ?? originsError ?? minutesError;

  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(settings));

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (localError) return;
    setBusy(true);
    setError(null);
    api
      .patch<WidgetSettings>('/widget-settings', {
        enabled: draft.enabled,
        color: draft.color,
        greeting: { 'zh-CN': draft.greetingZh, en: draft.greetingEn },
        preChat: { name: draft.preChatName, email: draft.preChatEmail },
        expectedReplyMinutes: minutes,
        allowedOrigins: origins,
      })
      .then(
        (saved) => {
          loaded.setData(saved);
          setDraft(draftOf(saved));
          setBusy(false);
          toast.info(t('admin.saved'));
        },
        (failure: unknown) => {
          setBusy(false);
          setError(failure);
        },
      );
  };

  const modeSelect = (key: 'preChatName' | 'preChatEmail', label: string) => (
    <Field label={label} name={key === 'preChatName' ? 'preChat.name' : 'preChat.email'}>
      {(control) => (
        <select
          {...control}
          value={draft[key]}
          onChange={(event) => set(key, event.target.value as PreChatFieldMode)}
        >
          {modes.map((mode) => (
            <option key={mode} value={mode}>
              {t(`admin.widget.mode.${mode}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <section className="admin-page admin-page-wide" aria-labelledby="admin-widget">
      <PageHeader
        id="admin-widget"
        title={t('admin.widget.title')}
        description={t('admin.widget.description')}
      />
      <div className="admin-columns">
        <form className="admin-card admin-form" onSubmit={save} noValidate>
          <FormError error={error} />
          <ErrorFieldContext.Provider value={errorField(error)}>
            <label className="admin-switch">
              <input
                type="checkbox"
                checked={draft.enabled}
                onChange={(event) => set('enabled', event.target.checked)}
              />
              <span>
                <strong>{t('admin.widget.enabled')}</strong>
                <span className="muted small admin-check-note">
                  {t('admin.widget.enabledHint')}
                </span>
              </span>
            </label>
            <Field label={t('admin.widget.color')} name="color" error={colorError}>
              {(control) => (
                <div className="admin-color">
                  <input
                    type="color"
                    value={isHexColor(draft.color) ? draft.color : '#4f46e5'}
                    aria-label={t('admin.widget.colorPicker')}
                    onChange={(event) => set('color', event.target.value)}
                  />
                  <input
                    {...control}
                    className="code"
                    value={draft.color}
                    maxLength={7}
                    spellCheck={false}
                    onChange={(event) => set('color', event.target.value.trim())}
                  />
                </div>
              )}
            </Field>
            <div className="admin-form-row">
              <Field label={t('admin.widget.greetingZh')} name="greeting.zh-CN">
                {(control) => (
                  <textarea
                    {...control}
                    lang="zh-CN"
                    rows={3}
                    maxLength={500}
                    value={draft.greetingZh}
                    onChange={(event) => set('greetingZh', event.target.value)}
                  />
                )}
              </Field>
              <Field label={t('admin.widget.greetingEn')} name="greeting.en">
                {(control) => (
                  <textarea
                    {...control}
                    lang="en"
                    rows={3}
                    maxLength={500}
                    value={draft.greetingEn}
                    onChange={(event) => set('greetingEn', event.target.value)}
                  />
                )}
              </Field>
            </div>
            <div className="admin-form-row">
              {modeSelect('preChatName', t('admin.widget.preChatName'))}
              {modeSelect('preChatEmail', t('admin.widget.preChatEmail'))}
            </div>
            <Field
              label={t('admin.widget.replyMinutes')}
              name="expectedReplyMinutes"
              hint={t('admin.widget.replyMinutesHint')}
              error={minutesError}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  min={1}
                  max={10080}
                  value={draft.expectedReplyMinutes}
                  onChange={(event) => set('expectedReplyMinutes', event.target.value)}
                />
              )}
            </Field>
            <Field
              label={t('admin.widget.origins')}
              name="allowedOrigins"
              hint={t('admin.widget.originsHint')}
              error={originsError}
            >
              {(control) => (
                <textarea
                  {...control}
                  className="code"
                  rows={3}
                  spellCheck={false}
                  placeholder="https://shop.example.com"
                  value={draft.allowedOrigins}
                  onChange={(event) => set('allowedOrigins', event.target.value)}
                />
              )}
            </Field>
          </ErrorFieldContext.Provider>
          <div className="admin-form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || !dirty || !!localError}
            >
              {busy ? t('admin.saving') : t('admin.save')}
            </button>
            <button
              type="button"
              className="button button-ghost"
              disabled={busy || !dirty}
              onClick={() => {
                setDraft(draftOf(settings));
                setError(null);
              }}
            >
              {t('admin.reset')}
            </button>
          </div>
        </form>
        <WidgetInstall settings={settings} onChange={loaded.setData} />
      </div>
    </section>
  );
}
