import './answer-bot.css';
import { type FormEvent, useEffect, useState } from 'react';
import type { AnswerBotSettings } from '@kefu/contracts';
import { useLoad } from '../admin/useLoad.ts';
import {
  ErrorFieldContext,
  Field,
  FormError,
  LoadState,
  PageHeader,
  errorField,
} from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { type BotSettingsDraft, draftOf, settingsBody } from './settings-form.ts';

/**
 * Admin → Answer bot / 答题机器人 (`GET/PATCH /api/v1/answer-bot/settings`): on or off, the
 * confidence threshold, the assumed-resolution window and the optional LLM endpoint, whose key
 * is write-only (the form shows only whether one is stored).
 */
export function AnswerBotSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(() => api.get<AnswerBotSettings>('/answer-bot/settings'));
  const [draft, setDraft] = useState<BotSettingsDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (loaded.data) setDraft(draftOf(loaded.data));
  }, [loaded.data]);

  if (!draft || !loaded.data) {
    return (
      <section className="admin-page" aria-labelledby="admin-answer-bot">
        <PageHeader id="admin-answer-bot" title={t('answerBot.nav')} />
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }
  const hasApiKey = loaded.data.llm?.hasApiKey ?? false;
  const set = <K extends keyof BotSettingsDraft>(key: K, value: BotSettingsDraft[K]) =>
    setDraft({ ...draft, [key]: value });
  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api.patch<AnswerBotSettings>('/answer-bot/settings', settingsBody(draft)).then(
      (saved) => {
        loaded.setData(saved);
        setBusy(false);
        toast.info(t('answerBot.saved'));
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  const text = (
    label: string,
    name: 'llm.baseUrl' | 'llm.model',
    key: 'baseUrl' | 'model',
    hint?: string,
  ) => (
    <Field label={label} name={name} hint={hint}>
      {(control) => (
        <input
          {...control}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <section className="admin-page" aria-labelledby="admin-answer-bot">
      <PageHeader
        id="admin-answer-bot"
        title={t('answerBot.nav')}
        description={t('answerBot.intro')}
        actions={
          <Link className="button" to="/app/knowledge/gaps">
            {t('answerBot.gapsLink')}
          </Link>
        }
      />
      <form className="admin-card admin-form" onSubmit={save} noValidate>
        <FormError error={error} />
        <ErrorFieldContext.Provider value={errorField(error)}>
          <label className="admin-switch">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
            />
            <span>{t('answerBot.enabled')}</span>
          </label>
          <Field
            label={t('answerBot.threshold')}
            name="threshold"
            hint={t('answerBot.thresholdHint')}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="decimal"
                min={0}
                max={1}
                step={0.05}
                value={draft.threshold}
                onChange={(e) => set('threshold', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('answerBot.window')} name="windowHours" hint={t('answerBot.windowHint')}>
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={1}
                max={720}
                value={draft.windowHours}
                onChange={(e) => set('windowHours', e.target.value)}
              />
            )}
          </Field>
          <fieldset className="answer-bot-llm">
            <legend>{t('answerBot.llm')}</legend>
            <p className="muted">{t('answerBot.llmIntro')}</p>
            <label className="admin-switch">
              <input
                type="checkbox"
                checked={draft.useLlm}
                onChange={(e) => set('useLlm', e.target.checked)}
              />
              <span>{t('answerBot.llmEnabled')}</span>
            </label>
            {draft.useLlm && (
              <>
                {text(
                  t('answerBot.llmBaseUrl'),
                  'llm.baseUrl',
                  'baseUrl',
                  t('answerBot.llmBaseUrlHint'),
                )}
                {text(t('answerBot.llmModel'), 'llm.model', 'model')}
                <Field
                  label={t('answerBot.llmApiKey')}
                  name="llm.apiKey"
                  hint={t(hasApiKey ? 'answerBot.llmApiKeyStored' : 'answerBot.llmApiKeyNone')}
                >
                  {(control) => (
                    <input
                      {...control}
                      type="password"
                      autoComplete="new-password"
                      value={draft.apiKey}
                      disabled={draft.removeKey}
                      onChange={(e) => set('apiKey', e.target.value)}
                    />
                  )}
                </Field>
                {hasApiKey && (
                  <label className="admin-switch">
                    <input
                      type="checkbox"
                      checked={draft.removeKey}
                      onChange={(e) => set('removeKey', e.target.checked)}
                    />
                    <span>{t('answerBot.llmRemoveKey')}</span>
                  </label>
                )}
                <Field label={t('answerBot.llmTimeout')} name="llm.timeoutMs">
                  {(control) => (
                    <input
                      {...control}
                      type="number"
                      inputMode="numeric"
                      min={1000}
                      max={120000}
                      step={1000}
                      value={draft.timeoutMs}
                      onChange={(e) => set('timeoutMs', e.target.value)}
                    />
                  )}
                </Field>
              </>
            )}
          </fieldset>
        </ErrorFieldContext.Provider>
        <div className="admin-form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('answerBot.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
