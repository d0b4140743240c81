import type { AutomationAction, AutomationCondition } from '@kefu/contracts';
import type { ConversationRow } from '../../db/schema.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { TriggerEventInput, TriggerHook } from '../conversations/conversation.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { ActionRunner } from './action-runner.ts';
import { type ConditionContext, conditionsHold } from './conditions.ts';

/** The most passes over the triggers one write may cause (each trigger fires once anyway). */
export const maxTriggerPasses = 10;

/** Conversations with a trigger run or a batch in progress, per transaction. */
const active = new WeakMap<TransactionScope, Set<string>>();
const activeIn = (scope: TransactionScope) => {
  let set = active.get(scope);
  if (!set) active.set(scope, (set = new Set()));
  return set;
};

/**
 * Runs triggers in the writing transaction, in their order. Loop safety: one write (an
 * "event") runs the triggers in passes; a trigger fires at most once per event, a pass that
 * fires nothing ends the run, and the changes a trigger makes (through the conversation
 * service, which calls back here) do not start a run of their own: they are seen by the next
 * pass of the run in progress. So A → B → A can never cycle, and nothing depends on timing.
 */
export class TriggerEngine implements TriggerHook {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly actions: ActionRunner,
  ) {}

  async runTriggers(
    scope: TransactionScope,
    row: ConversationRow,
    event: TriggerEventInput,
  ): Promise<ConversationRow> {
    const running = activeIn(scope);
    if (running.has(row.id) || row.merged_into_id) return row;
    const { repos } = scope;
    const triggers = (await repos.automations.listTriggers(row.workspace_id)).filter(
      (t) => t.enabled && t.events.includes(event.kind),
    );
    if (triggers.length === 0) return row;
    running.add(row.id);
    try {
      const fired = new Set<string>();
      let current = row;
      for (let pass = 0; pass < maxTriggerPasses; pass += 1) {
        let firedThisPass = false;
        for (const trigger of triggers) {
          if (fired.has(trigger.id)) continue;
          const context = await this.context(scope, current, event);
          const conditions = trigger.conditions as AutomationCondition[];
          if (!conditionsHold(trigger.match, conditions, context)) continue;
          fired.add(trigger.id);
          firedThisPass = true;
          await this.actions.run({
            scope,
            actor: null,
            workspaceId: row.workspace_id,
            conversationId: row.id,
            actions: trigger.actions as AutomationAction[],
            source: { kind: 'trigger', id: trigger.id, name: trigger.name },
            strict: false,
          });
          current = (await repos.conversations.find(row.workspace_id, row.id)) ?? current;
        }
        if (!firedThisPass) break;
      }
      return fired.size === 0 ? row : current;
    } finally {
      running.delete(row.id);
    }
  }

  /**
   * Runs `work` (a macro, a time rule) with triggers held back, then runs them once for the
   * whole change as one update, as if a person had made it.
   */
  async batch(
    scope: TransactionScope,
    workspaceId: string,
    conversationId: string,
    work: () => Promise<void>,
  ): Promise<void> {
    const running = activeIn(scope);
    const outer = running.has(conversationId);
    running.add(conversationId);
    try {
      await work();
    } finally {
      if (!outer) running.delete(conversationId);
    }
    if (outer) return;
    const row = await scope.repos.conversations.find(workspaceId, conversationId);
    if (row) await this.runTriggers(scope, row, { kind: 'updated', changes: [], message: null });
  }

  /** What the conditions look at, read fresh for each trigger (an earlier one may have acted). */
  async context(
    scope: TransactionScope,
    row: ConversationRow,
    event: Pick<TriggerEventInput, 'message' | 'survey'>,
  ): Promise<ConditionContext> {
    const { repos } = scope;
    const facts = await repos.automations.conditionFacts(row.workspace_id, row.id);
    const tags = (await repos.conversations.tagsFor([row.id])).get(row.id) ?? [];
    return {
      status: row.status,
      priority: row.priority,
      channel: row.channel,
      assigneeId: row.assignee_id,
      teamId: row.team_id,
      tags,
      customFields: row.custom_fields,
      customer: {
        tier: facts?.tier ?? 'standard',
        name: facts?.name ?? null,
        emails: facts?.emails ?? [],
      },
      message: event.message,
      survey: event.survey ?? null,
      now: this.deps.clock.now(),
      timezone: facts?.timezone ?? 'UTC',
    };
  }
}
