import { type FormEvent, useEffect, useState } from 'react';
import { ErrorFieldContext, Field, FormError, errorField } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { type Channel, type RoutingSettings, type TeamRouting, channelList } from './types.ts';

/** Workspace defaults: capacity per channel, entry team per channel, away reasons, auto-away. */
export function RoutingDefaults({
  settings,
  teams,
  onSaved,
}: {
  settings: RoutingSettings;
  teams: TeamRouting[];
  onSaved: (saved: RoutingSettings) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [capacity, setCapacity] = useState<Record<string, string>>({});
  const [entry, setEntry] = useState<Record<string, string>>({});
  const [reasons, setReasons] = useState('');
  const [autoAway, setAutoAway] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setCapacity(
      Object.fromEntries(channelList.map((c) => [c, String(settings.defaultCapacity[c])])),
    );
    setEntry(Object.fromEntries(channelList.map((c) => [c, settings.channelTeams[c] ?? ''])));
    setReasons(settings.awayReasons.join('\n'));
    setAutoAway(String(settings.autoAwayMinutes));
  }, [settings]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const channelTeams: Partial<Record<Channel, string>> = {};
    for (const channel of channelList) if (entry[channel]) channelTeams[channel] = entry[channel];
    api
      .patch<RoutingSettings>('/routing/settings', {
        defaultCapacity: Object.fromEntries(channelList.map((c) => [c, Number(capacity[c])])),
        channelTeams,
        awayReasons: reasons
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        autoAwayMinutes: Number(autoAway),
      })
      .then(
        (saved) => {
          setBusy(false);
          toast.info(t('admin.saved'));
          onSaved(saved);
        },
        (failure: unknown) => {
          setBusy(false);
          setError(failure);
        },
      );
  };

  return (
    <form className="admin-card admin-form" onSubmit={save} noValidate>
      <h3>{t('routing.defaults')}</h3>
      <FormError error={error} />
      <ErrorFieldContext.Provider value={errorField(error)}>
        <p className="muted small">{t('routing.capacityHint')}</p>
        <div className="routing-grid">
          {channelList.map((channel) => (
            <Field
              key={channel}
              label={t(`routing.channel.${channel}`)}
              name={`defaultCapacity.${channel}`}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  min={0}
                  max={100}
                  value={capacity[channel] ?? ''}
                  onChange={(event) =>
                    setCapacity((c) => ({ ...c, [channel]: event.target.value }))
                  }
                />
              )}
            </Field>
          ))}
        </div>
        <p className="muted small">{t('routing.entryTeamsHint')}</p>
        <div className="routing-grid">
          {channelList.map((channel) => (
            <Field
              key={channel}
              label={t(`routing.channel.${channel}`)}
              name={`channelTeams.${channel}`}
            >
              {(control) => (
                <select
                  {...control}
                  value={entry[channel] ?? ''}
                  onChange={(event) => setEntry((e) => ({ ...e, [channel]: event.target.value }))}
                >
                  <option value="">{t('routing.noTeam')}</option>
                  {teams.map((team) => (
                    <option key={team.teamId} value={team.teamId}>
                      {team.teamName}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
        </div>
        <Field
          label={t('routing.awayReasons')}
          name="awayReasons"
          hint={t('routing.awayReasonsHint')}
        >
          {(control) => (
            <textarea
              {...control}
              rows={3}
              value={reasons}
              onChange={(e) => setReasons(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('routing.autoAway')}
          name="autoAwayMinutes"
          hint={t('routing.autoAwayHint')}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              max={480}
              value={autoAway}
              onChange={(e) => setAutoAway(e.target.value)}
            />
          )}
        </Field>
      </ErrorFieldContext.Provider>
      <div className="admin-form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('admin.saving') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}
