import type { z } from 'zod';
import type { CreateTriggerBody, Trigger, UpdateTriggerBody } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import { randomSecret } from '../../lib/secrets.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentTrigger } from './automation.presenter.ts';
import { checkActions } from './rule-checks.ts';
import type { WebhookTargetPolicy } from './webhook-target.ts';

/** Triggers in their order: set up by supervisors, run by the TriggerEngine. */
export class TriggerService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly webhooks: WebhookTargetPolicy,
  ) {}

  list(actor: Actor): Promise<Trigger[]> {
    return this.deps.uow.read(async (repos) =>
      (await repos.automations.listTriggers(actor.workspaceId)).map(presentTrigger),
    );
  }

  get(actor: Actor, id: string): Promise<Trigger> {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.automations.findTrigger(actor.workspaceId, id);
      if (!row) throw notFound('Trigger');
      return presentTrigger(row);
    });
  }

  create(actor: Actor, input: z.output<typeof CreateTriggerBody>): Promise<Trigger> {
    return this.deps.uow.transaction(async ({ repos }) => {
      await checkActions(repos, actor.workspaceId, input.actions, this.webhooks);
      const now = this.deps.clock.now();
      const row = await repos.automations.insertTrigger({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        at: now,
        ...input,
        events: [...new Set(input.events)],
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'trigger.created',
        targetType: 'trigger',
        targetId: row.id,
        data: { name: row.name },
      });
      return presentTrigger(row);
    });
  }

  update(actor: Actor, id: string, input: z.output<typeof UpdateTriggerBody>): Promise<Trigger> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const row = await repos.automations.findTrigger(ws, id);
      if (!row) throw notFound('Trigger');
      const next = { ...presentTrigger(row), ...input };
      await checkActions(repos, ws, next.actions, this.webhooks);
      const now = this.deps.clock.now();
      const updated = await repos.automations.updateTrigger(
        ws,
        id,
        { ...next, events: [...new Set(next.events)] },
        now,
      );
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'trigger.updated',
        targetType: 'trigger',
        targetId: id,
        data: { fields: Object.keys(input) },
      });
      return presentTrigger(updated!);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.automations.deleteTrigger(actor.workspaceId, id)))
        throw notFound('Trigger');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'trigger.deleted',
        targetType: 'trigger',
        targetId: id,
      });
    });
  }

  /** Sets the order; the list must name every trigger of the workspace exactly once. */
  reorder(actor: Actor, ids: string[]): Promise<Trigger[]> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const existing = (await repos.automations.listTriggers(ws)).map((t) => t.id);
      const same =
        new Set(ids).size === ids.length &&
        ids.length === existing.length &&
        ids.every((id) => existing.includes(id));
      if (!same)
        throw new AppError('validation_failed', 'ids: list every trigger exactly once', {
          field: 'ids',
        });
      const now = this.deps.clock.now();
      await repos.automations.setTriggerPositions(ws, ids, now);
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'trigger.reordered',
        targetType: 'trigger',
        targetId: ids[0]!,
        data: { ids },
      });
      return (await repos.automations.listTriggers(ws)).map(presentTrigger);
    });
  }

  /** The workspace's webhook signing secret (made on first ask), for receivers to verify. */
  webhookSecret(actor: Actor): Promise<{ secret: string }> {
    return this.deps.uow.transaction(async ({ repos }) => ({
      secret: await repos.automations.ensureWebhookSecret(
        actor.workspaceId,
        randomSecret(32, 'whsec_'),
        this.deps.clock.now(),
      ),
    }));
  }
}
