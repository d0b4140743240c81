import { type FormEvent, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { FormError } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { api } from '../lib/api.ts';
import { ActionsEditor } from './ActionsEditor.tsx';
import {
  type BusinessCalendar,
  type SlaPolicy,
  type SlaTarget,
  channelList,
  priorityList,
  slaMetricList,
  tierList,
} from './types.ts';

interface Props {
  policy: SlaPolicy | null;
  calendars: BusinessCalendar[];
  macros: { id: string; name: string }[];
  onSaved: (policy: SlaPolicy) => void;
  onCancel: () => void;
}

type Conditions = SlaPolicy['conditions'];
type ListKey = 'priorities' | 'channels' | 'teamIds' | 'tiers';

/** Create or edit a policy: conditions, targets per metric and priority, warning and breach actions. */
export function SlaPolicyForm({ policy, calendars, macros, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { directory } = useWorkspace();
  const [name, setName] = useState(policy?.name ?? '');
  const [calendarId, setCalendarId] = useState(policy?.calendarId ?? calendars[0]?.id ?? '');
  const [conditions, setConditions] = useState<Conditions>(policy?.conditions ?? {});
  const [tags, setTags] = useState((policy?.conditions.tags ?? []).join(', '));
  const [targets, setTargets] = useState<SlaTarget[]>(policy?.targets ?? []);
  const [warningMinutes, setWarningMinutes] = useState(policy?.warningMinutes ?? 15);
  const [warningActions, setWarningActions] = useState(
    policy?.warningActions ?? [{ type: 'notify' as const }],
  );
  const [breachActions, setBreachActions] = useState(
    policy?.breachActions ?? [{ type: 'notify' as const }],
  );
  const [error, setError] = useState<unknown>(null);

  const toggle = (key: ListKey, value: string, on: boolean) =>
    setConditions((current) => {
      const list = current[key] ?? [];
      const next = on ? [...list, value] : list.filter((item) => item !== value);
      return { ...current, [key]: next };
    });
  const targetOf = (metric: string, priority: string) =>
    targets.find((x) => x.metric === metric && x.priority === priority);
  const setTarget = (
    metric: SlaTarget['metric'],
    priority: SlaTarget['priority'],
    minutes: string,
  ) =>
    setTargets((list) => {
      const rest = list.filter((x) => !(x.metric === metric && x.priority === priority));
      if (minutes.trim() === '') return rest;
      const businessHours =
        list.find((x) => x.metric === metric)?.businessHours ?? Boolean(calendarId);
      return [...rest, { metric, priority, minutes: Number(minutes), businessHours }];
    });
  const setBusiness = (metric: string, on: boolean) =>
    setTargets((list) => list.map((x) => (x.metric === metric ? { ...x, businessHours: on } : x)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const tagList = tags
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const body = {
      name: name.trim(),
      calendarId: calendarId || null,
      conditions: { ...conditions, tags: tagList },
      targets,
      warningMinutes,
      warningActions,
      breachActions,
    };
    try {
      onSaved(
        policy
          ? await api.patch<SlaPolicy>(`/sla-policies/${policy.id}`, body)
          : await api.post<SlaPolicy>('/sla-policies', body),
      );
    } catch (failure) {
      setError(failure);
    }
  };

  const checks = (key: ListKey, values: readonly { value: string; label: string }[]) => (
    <div className="sla-row" role="group" aria-label={t(`sla.policy.when.${key}` as MessageKey)}>
      <span className="muted">{t(`sla.policy.when.${key}` as MessageKey)}</span>
      {values.map(({ value, label }) => (
        <label key={value}>
          <input
            type="checkbox"
            checked={(conditions[key] ?? []).includes(value)}
            onChange={(e) => toggle(key, value, e.target.checked)}
          />{' '}
          {label}
        </label>
      ))}
    </div>
  );

  return (
    <form onSubmit={(event) => void submit(event)} className="admin-card">
      <div className="sla-row">
        <label>
          {t('sla.policy.name')}{' '}
          <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('sla.policy.calendar')}{' '}
          <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
            <option value="">{t('sla.policy.noCalendar')}</option>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="sla-fieldset">
        <legend>{t('sla.policy.conditions')}</legend>
        <p className="muted small">{t('sla.policy.conditionsHint')}</p>
        {checks(
          'priorities',
          priorityList.map((p) => ({ value: p, label: t(`priority.${p}`) })),
        )}
        {checks(
          'channels',
          channelList.map((c) => ({ value: c, label: t(`channel.${c}`) })),
        )}
        {checks(
          'tiers',
          tierList.map((x) => ({ value: x, label: t(`sla.tier.${x}`) })),
        )}
        {directory.teams.length > 0
          ? checks(
              'teamIds',
              directory.teams.map((team) => ({ value: team.id, label: team.name })),
            )
          : null}
        <label className="sla-row">
          {t('sla.policy.when.tags')}{' '}
          <input
            value={tags}
            maxLength={500}
            placeholder="vip, refund"
            onChange={(e) => setTags(e.target.value)}
          />
        </label>
      </fieldset>
      <fieldset className="sla-fieldset">
        <legend>{t('sla.policy.targets')}</legend>
        <p className="muted small">{t('sla.policy.targetsHint')}</p>
        <table className="sla-grid">
          <thead>
            <tr>
              <th scope="col">{t('sla.policy.metric')}</th>
              {priorityList.map((p) => (
                <th key={p} scope="col">
                  {t(`priority.${p}`)}
                </th>
              ))}
              <th scope="col">{t('sla.policy.businessHours')}</th>
            </tr>
          </thead>
          <tbody>
            {slaMetricList.map((metric) => {
              const label = t(`sla.metric.${metric}` as MessageKey);
              const any = targets.find((x) => x.metric === metric);
              return (
                <tr key={metric}>
                  <th scope="row">{label}</th>
                  {priorityList.map((priority) => (
                    <td key={priority}>
                      <input
                        type="number"
                        min={0.25}
                        step="any"
                        value={targetOf(metric, priority)?.minutes ?? ''}
                        aria-label={t('sla.policy.targetLabel', {
                          metric: label,
                          priority: t(`priority.${priority}`),
                        })}
                        onChange={(e) => setTarget(metric, priority, e.target.value)}
                      />
                    </td>
                  ))}
                  <td>
                    <input
                      type="checkbox"
                      disabled={!any || !calendarId}
                      checked={Boolean(any?.businessHours)}
                      aria-label={t('sla.policy.businessHoursFor', { metric: label })}
                      onChange={(e) => setBusiness(metric, e.target.checked)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <fieldset className="sla-fieldset">
        <legend>{t('sla.policy.warning')}</legend>
        <label className="sla-row">
          {t('sla.policy.warningMinutes')}{' '}
          <input
            type="number"
            min={0}
            max={10080}
            value={warningMinutes}
            onChange={(e) => setWarningMinutes(Number(e.target.value))}
          />
        </label>
        <ActionsEditor
          macros={macros}
          actions={warningActions}
          onChange={setWarningActions}
          label={t('sla.policy.warningActions')}
        />
      </fieldset>
      <fieldset className="sla-fieldset">
        <legend>{t('sla.policy.breach')}</legend>
        <ActionsEditor
          macros={macros}
          actions={breachActions}
          onChange={setBreachActions}
          label={t('sla.policy.breachActions')}
        />
      </fieldset>
      <FormError error={error} />
      <div className="sla-row">
        <button type="submit" className="button button-primary">
          {policy ? t('admin.save') : t('sla.policy.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('sla.cancel')}
        </button>
      </div>
    </form>
  );
}
