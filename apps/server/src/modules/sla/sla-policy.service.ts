import type { z } from 'zod';
import type {
  CreateSlaPolicyBody,
  SlaAction,
  SlaPolicy,
  UpdateSlaPolicyBody,
} from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { PolicyFields } from '../../repositories/sla.repository.ts';
import type { Repositories } from '../../repositories/index.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentPolicy } from './sla.presenter.ts';

/**
 * SLA policies in their order (first match wins). A change applies to a conversation at its
 * next policy selection (creation, or a change of priority, channel, team or tags), as in
 * Zendesk; clocks already running keep the targets they were given.
 */
export class SlaPolicyService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor): Promise<SlaPolicy[]> {
    return this.deps.uow.read(async (repos) =>
      (await repos.sla.listPolicies(actor.workspaceId)).map(presentPolicy),
    );
  }

  async get(actor: Actor, id: string): Promise<SlaPolicy> {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.sla.findPolicy(actor.workspaceId, id);
      if (!row) throw notFound('SLA policy');
      return presentPolicy(row);
    });
  }

  async create(actor: Actor, input: z.output<typeof CreateSlaPolicyBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const fields = await this.check(repos, actor.workspaceId, input);
      const now = this.deps.clock.now();
      const row = await repos.sla.insertPolicy({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        at: now,
        ...fields,
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'sla_policy.created',
        targetType: 'sla_policy',
        targetId: row.id,
        data: { name: row.name },
      });
      return presentPolicy(row);
    });
  }

  async update(actor: Actor, id: string, input: z.output<typeof UpdateSlaPolicyBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const row = await repos.sla.findPolicy(ws, id);
      if (!row) throw notFound('SLA policy');
      const current = presentPolicy(row);
      const fields = await this.check(repos, ws, { ...current, ...input });
      const now = this.deps.clock.now();
      await repos.sla.updatePolicy(ws, id, fields, now);
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'sla_policy.updated',
        targetType: 'sla_policy',
        targetId: id,
        data: { fields: Object.keys(input) },
      });
      return presentPolicy((await repos.sla.findPolicy(ws, id))!);
    });
  }

  async remove(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.sla.deletePolicy(actor.workspaceId, id))) throw notFound('SLA policy');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'sla_policy.deleted',
        targetType: 'sla_policy',
        targetId: id,
      });
    });
  }

  /** Sets the order; the list must name every policy of the workspace exactly once. */
  async reorder(actor: Actor, ids: string[]) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const existing = (await repos.sla.listPolicies(ws)).map((p) => p.id);
      const same =
        new Set(ids).size === ids.length &&
        ids.length === existing.length &&
        ids.every((id) => existing.includes(id));
      if (!same)
        throw new AppError('validation_failed', 'ids: list every SLA policy exactly once', {
          field: 'ids',
        });
      const now = this.deps.clock.now();
      await repos.sla.setPolicyPositions(ws, ids, now);
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'sla_policy.reordered',
        targetType: 'sla_policy',
        targetId: ids[0]!,
        data: { ids },
      });
      return (await repos.sla.listPolicies(ws)).map(presentPolicy);
    });
  }

  /** The calendar, teams and targets a policy names must exist and make sense. */
  private async check(
    repos: Repositories,
    workspaceId: string,
    input: z.output<typeof CreateSlaPolicyBody>,
  ): Promise<PolicyFields> {
    if (input.calendarId && !(await repos.sla.findCalendar(workspaceId, input.calendarId)))
      throw new AppError('validation_failed', 'calendarId: no such calendar', {
        field: 'calendarId',
      });
    const teamIds = [
      ...(input.conditions.teamIds ?? []),
      ...[...input.warningActions, ...input.breachActions].flatMap((a: SlaAction) =>
        a.type === 'reassign' ? [a.teamId] : [],
      ),
    ];
    const known = await repos.admin.existingTeamIds(workspaceId, teamIds);
    const unknown = teamIds.find((id) => !known.has(id));
    if (unknown)
      throw new AppError('validation_failed', 'teamId: no such team', {
        field: 'teamId',
        details: { teamId: unknown },
      });
    for (const action of [...input.warningActions, ...input.breachActions]) {
      if (action.type === 'run_macro' && !(await repos.macros.find(workspaceId, action.macroId)))
        throw new AppError('validation_failed', 'macroId: no such macro', {
          field: 'macroId',
          details: { macroId: action.macroId },
        });
    }
    const seen = new Set<string>();
    for (const [i, target] of input.targets.entries()) {
      const key = `${target.metric}/${target.priority}`;
      if (seen.has(key))
        throw new AppError(
          'validation_failed',
          `targets.${i}: one target per metric and priority (${key} is there twice)`,
          { field: `targets.${i}` },
        );
      seen.add(key);
      if (target.businessHours && !input.calendarId)
        throw new AppError(
          'validation_failed',
          `targets.${i}: business-hours targets need a calendar`,
          { field: 'calendarId' },
        );
    }
    return {
      name: input.name,
      enabled: input.enabled,
      calendarId: input.calendarId,
      conditions: input.conditions,
      targets: input.targets,
      warningMinutes: input.warningMinutes,
      warningActions: input.warningActions,
      breachActions: input.breachActions,
    };
  }
}
