import './surveys.css';
import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { useLoad } from '../admin/useLoad.ts';
import {
  ErrorFieldContext,
  Field,
  FormError,
  LoadState,
  PageHeader,
  errorField,
} from '../admin/ui.tsx';
import { SurveyResponses } from './SurveyResponses.tsx';
import { type SurveySettings, reasonsFromText, reasonsToText } from './types.ts';

/** Which surveys go out after a solve, how and for how long; then the latest answers. */
export function SurveysSection() {
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useLoad(() => api.get<SurveySettings>('/surveys/settings'));
  const [draft, setDraft] = useState<SurveySettings | null>(null);
  const [reasons, setReasons] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!loaded.data) return;
    setDraft(loaded.data);
    setReasons(reasonsToText(loaded.data.csatReasons));
  }, [loaded.data]);

  if (!draft) {
    return (
      <section className="admin-page" aria-labelledby="admin-surveys">
        <PageHeader id="admin-surveys" title={t('surveys.nav')} />
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  }
  const set = <K extends keyof SurveySettings>(key: K, value: SurveySettings[K]) =>
    setDraft({ ...draft, [key]: value });
  const toggleChannel = (channel: 'chat' | 'email', on: boolean) =>
    set(
      'channels',
      on ? [...new Set([...draft.channels, channel])] : draft.channels.filter((c) => c !== channel),
    );
  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { ...draft, csatReasons: reasonsFromText(reasons, draft.csatReasons) };
    api.put<SurveySettings>('/surveys/settings', body).then(
      (saved) => {
        loaded.setData(saved);
        setBusy(false);
        toast.info(t('surveys.saved'));
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  const check = (label: string, checked: boolean, onChange: (on: boolean) => void) => (
    <label className="admin-switch">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
  const numberField = (
    label: string,
    name: 'npsIntervalDays' | 'delayMinutes' | 'windowDays',
    min: number,
    max: number,
  ) => (
    <Field label={label} name={name}>
      {(control) => (
        <input
          {...control}
          type="number"
          min={min}
          max={max}
          value={draft[name]}
          onChange={(e) => set(name, Number(e.target.value))}
        />
      )}
    </Field>
  );

  return (
    <section className="admin-page" aria-labelledby="admin-surveys">
      <PageHeader id="admin-surveys" title={t('surveys.nav')} description={t('surveys.intro')} />
      <form className="admin-card admin-form" onSubmit={save} noValidate>
        <FormError error={error} />
        <ErrorFieldContext.Provider value={errorField(error)}>
          <fieldset className="survey-settings-group">
            <legend>{t('surveys.csat')}</legend>
            {check(t('surveys.csat.enabled'), draft.csatEnabled, (on) => set('csatEnabled', on))}
            <Field label={t('surveys.csat.scale')} name="csatScale">
              {(control) => (
                <select
                  {...control}
                  value={draft.csatScale}
                  onChange={(e) => set('csatScale', Number(e.target.value) as 2 | 3 | 5)}
                >
                  <option value={2}>{t('surveys.csat.scale.2')}</option>
                  <option value={3}>{t('surveys.csat.scale.3')}</option>
                  <option value={5}>{t('surveys.csat.scale.5')}</option>
                </select>
              )}
            </Field>
            {check(t('surveys.csat.comment'), draft.csatComment, (on) => set('csatComment', on))}
            <Field label={t('surveys.csat.reasons')} name="csatReasons">
              {(control) => (
                <textarea
                  {...control}
                  rows={4}
                  value={reasons}
                  onChange={(e) => setReasons(e.target.value)}
                />
              )}
            </Field>
          </fieldset>
          <fieldset className="survey-settings-group">
            <legend>{t('surveys.nps')}</legend>
            {check(t('surveys.nps.enabled'), draft.npsEnabled, (on) => set('npsEnabled', on))}
            <Field label={t('surveys.nps.mode')} name="npsMode">
              {(control) => (
                <select
                  {...control}
                  value={draft.npsMode}
                  onChange={(e) => set('npsMode', e.target.value as SurveySettings['npsMode'])}
                >
                  <option value="periodic">{t('surveys.nps.mode.periodic')}</option>
                  <option value="transactional">{t('surveys.nps.mode.transactional')}</option>
                </select>
              )}
            </Field>
            {numberField(t('surveys.nps.interval'), 'npsIntervalDays', 1, 3650)}
          </fieldset>
          <fieldset className="survey-settings-group">
            <legend>{t('surveys.ces')}</legend>
            {check(t('surveys.ces.enabled'), draft.cesEnabled, (on) => set('cesEnabled', on))}
          </fieldset>
          <fieldset className="survey-settings-group">
            <legend>{t('surveys.delivery')}</legend>
            {check(t('surveys.channels.chat'), draft.channels.includes('chat'), (on) =>
              toggleChannel('chat', on),
            )}
            {check(t('surveys.channels.email'), draft.channels.includes('email'), (on) =>
              toggleChannel('email', on),
            )}
            {numberField(t('surveys.delay'), 'delayMinutes', 0, 43200)}
            {numberField(t('surveys.window'), 'windowDays', 1, 365)}
          </fieldset>
        </ErrorFieldContext.Provider>
        <div className="admin-form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('surveys.save')}
          </button>
        </div>
      </form>
      <SurveyResponses />
    </section>
  );
}
