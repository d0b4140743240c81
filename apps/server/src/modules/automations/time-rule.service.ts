import type { z } from 'zod';
import type { CreateTimeRuleBody, TimeRule, UpdateTimeRuleBody } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentTimeRule } from './automation.presenter.ts';
import { checkActions } from './rule-checks.ts';
import type { WebhookTargetPolicy } from './webhook-target.ts';

/** Time rules ("pending for 3 days → remind"), set up by supervisors; TimeRuleJobs runs them. */
export class TimeRuleService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly webhooks: WebhookTargetPolicy,
  ) {}

  list(actor: Actor): Promise<TimeRule[]> {
    return this.deps.uow.read(async (repos) =>
      (await repos.automations.listTimeRules(actor.workspaceId)).map(presentTimeRule),
    );
  }

  create(actor: Actor, input: z.output<typeof CreateTimeRuleBody>): Promise<TimeRule> {
    return this.deps.uow.transaction(async ({ repos }) => {
      await checkActions(repos, actor.workspaceId, input.actions, this.webhooks);
      const now = this.deps.clock.now();
      const row = await repos.automations.insertTimeRule({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        at: now,
        ...input,
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'time_rule.created',
        targetType: 'time_rule',
        targetId: row.id,
        data: { name: row.name },
      });
      return presentTimeRule(row);
    });
  }

  update(actor: Actor, id: string, input: z.output<typeof UpdateTimeRuleBody>): Promise<TimeRule> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const row = await repos.automations.findTimeRule(ws, id);
      if (!row) throw notFound('Time rule');
      const next = { ...presentTimeRule(row), ...input };
      await checkActions(repos, ws, next.actions, this.webhooks);
      const now = this.deps.clock.now();
      const updated = await repos.automations.updateTimeRule(ws, id, next, now);
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'time_rule.updated',
        targetType: 'time_rule',
        targetId: id,
        data: { fields: Object.keys(input) },
      });
      return presentTimeRule(updated!);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.automations.deleteTimeRule(actor.workspaceId, id)))
        throw notFound('Time rule');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'time_rule.deleted',
        targetType: 'time_rule',
        targetId: id,
      });
    });
  }
}
