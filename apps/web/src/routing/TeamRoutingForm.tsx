import { type FormEvent, useState } from 'react';
import { ErrorFieldContext, Field, FormError, errorField } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { intText, optionalInt } from './numbers.ts';
import { type RoutingStrategy, type Skill, type TeamRouting, strategyList } from './types.ts';

type Requirement = TeamRouting['requiredSkills'][number];

/** One team's routing: strategy, offer timeout, overflow, re-queue and skill requirements. */
export function TeamRoutingForm({
  team,
  teams,
  skills,
  onSaved,
}: {
  team: TeamRouting;
  teams: TeamRouting[];
  skills: Skill[];
  onSaved: (saved: TeamRouting) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [strategy, setStrategy] = useState<RoutingStrategy>(team.strategy);
  const [offer, setOffer] = useState(intText(team.offerTimeoutSeconds));
  const [overflowTeam, setOverflowTeam] = useState(team.overflowTeamId ?? '');
  const [overflowAfter, setOverflowAfter] = useState(intText(team.overflowAfterSeconds));
  const [requeue, setRequeue] = useState(team.requeueOnOffline);
  const [required, setRequired] = useState<Requirement[]>(team.requiredSkills);
  const [relax, setRelax] = useState(intText(team.skillRelaxSeconds));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const prefix = `team-${team.teamId}`;

  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api
      .put<TeamRouting>(`/routing/teams/${team.teamId}`, {
        strategy,
        offerTimeoutSeconds: optionalInt(offer),
        overflowTeamId: overflowTeam || null,
        overflowAfterSeconds: optionalInt(overflowAfter),
        requeueOnOffline: requeue,
        requiredSkills: required,
        skillRelaxSeconds: optionalInt(relax),
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
  const change = (index: number, patch: Partial<Requirement>) =>
    setRequired((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const unused = skills.filter((skill) => !required.some((r) => r.skillId === skill.id));

  return (
    <form
      className="admin-card admin-form routing-team"
      onSubmit={save}
      noValidate
      aria-labelledby={prefix}
    >
      <h3 id={prefix} data-user-content>
        {team.teamName}
      </h3>
      <FormError error={error} />
      <ErrorFieldContext.Provider value={errorField(error)}>
        <div className="routing-grid">
          <Field label={t('routing.strategy')} name="strategy">
            {(control) => (
              <select
                {...control}
                value={strategy}
                onChange={(e) => setStrategy(e.target.value as RoutingStrategy)}
              >
                {strategyList.map((s) => (
                  <option key={s} value={s}>
                    {t(`routing.strategy.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('routing.offerTimeout')} name="offerTimeoutSeconds">
            {(control) => (
              <input
                {...control}
                type="number"
                min={5}
                max={3600}
                value={offer}
                onChange={(e) => setOffer(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('routing.overflowTeam')} name="overflowTeamId">
            {(control) => (
              <select
                {...control}
                value={overflowTeam}
                onChange={(e) => setOverflowTeam(e.target.value)}
              >
                <option value="">{t('routing.none')}</option>
                {teams
                  .filter((other) => other.teamId !== team.teamId)
                  .map((other) => (
                    <option key={other.teamId} value={other.teamId}>
                      {other.teamName}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t('routing.overflowAfter')} name="overflowAfterSeconds">
            {(control) => (
              <input
                {...control}
                type="number"
                min={10}
                value={overflowAfter}
                onChange={(e) => setOverflowAfter(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('routing.relaxAfter')} name="skillRelaxSeconds">
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                value={relax}
                onChange={(e) => setRelax(e.target.value)}
              />
            )}
          </Field>
        </div>
        <p className="muted small">{t('routing.offerTimeoutHint')}</p>
        <label className="admin-check">
          <input type="checkbox" checked={requeue} onChange={(e) => setRequeue(e.target.checked)} />
          <span>{t('routing.requeueOnOffline')}</span>
        </label>
        <fieldset className="admin-checks">
          <legend>{t('routing.requiredSkills')}</legend>
          {required.map((need, index) => (
            <div key={need.skillId} className="routing-requirement">
              <span data-user-content>
                {skills.find((s) => s.id === need.skillId)?.name ?? '?'}
              </span>
              <label>
                {t('routing.minLevel')}{' '}
                <select
                  value={need.minLevel}
                  onChange={(e) => change(index, { minLevel: Number(e.target.value) })}
                >
                  {Array.from({ length: 10 }, (_, i) => i + 1).map((level) => (
                    <option key={level} value={level}>
                      {level}
                    </option>
                  ))}
                </select>
              </label>
              <label className="admin-check">
                <input
                  type="checkbox"
                  checked={need.optional}
                  onChange={(e) => change(index, { optional: e.target.checked })}
                />
                <span>{t('routing.optional')}</span>
              </label>
              <button
                type="button"
                className="button small button-danger-ghost"
                onClick={() => setRequired((list) => list.filter((_, i) => i !== index))}
              >
                {t('routing.removeRequirement')}
              </button>
            </div>
          ))}
          {unused.length > 0 ? (
            <select
              aria-label={t('routing.addRequirement')}
              value=""
              onChange={(e) =>
                e.target.value &&
                setRequired((list) => [
                  ...list,
                  { skillId: e.target.value, minLevel: 1, optional: false },
                ])
              }
            >
              <option value="">{t('routing.addRequirement')}</option>
              {unused.map((skill) => (
                <option key={skill.id} value={skill.id}>
                  {skill.name}
                </option>
              ))}
            </select>
          ) : null}
        </fieldset>
      </ErrorFieldContext.Provider>
      <div className="admin-form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('admin.saving') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}
