import type { AutomationAction, AutomationCondition } from '@kefu/contracts';
import type { TimeRuleRow } from '../../db/schema-automations.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { ActionRunner } from './action-runner.ts';
import { conditionsHold } from './conditions.ts';
import type { TriggerEngine } from './trigger-engine.ts';

export const timeRulesJobKind = 'automations.time_rules';
/** How often the scheduler queues a check. */
export const timeRuleCheckMs = 5 * 60_000;
/** Conversations one rule handles per check; the next check takes the rest. */
const batchSize = 500;

/**
 * The recurring check of time rules (job `automations.time_rules`). Each qualifying
 * conversation is handled in its own transaction that first inserts the (rule, conversation,
 * stay) record: a second check, a second node or a retried job finds it and does nothing, so
 * each rule acts once per stay in its status ("true only once").
 */
export class TimeRuleJobs {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly actions: ActionRunner,
    private readonly engine: TriggerEngine,
  ) {}

  /** Queues the check for the current slot (one per slot across every node). */
  async schedule(
    enqueue: (input: {
      kind: string;
      workspaceId: null;
      payload: Record<string, unknown>;
      idempotencyKey: string;
    }) => Promise<unknown>,
  ) {
    const slot = Math.floor(this.deps.clock.now().getTime() / timeRuleCheckMs);
    await enqueue({
      kind: timeRulesJobKind,
      workspaceId: null,
      payload: { slot },
      idempotencyKey: `slot:${slot}`,
    });
  }

  async checkAll(): Promise<void> {
    const rules = await this.deps.uow.read((repos) => repos.automations.enabledTimeRules());
    for (const rule of rules) await this.checkRule(rule);
  }

  private async checkRule(rule: TimeRuleRow) {
    const now = this.deps.clock.now();
    const candidates = await this.deps.uow.read((repos) =>
      repos.automations.timeRuleCandidates({
        workspaceId: rule.workspace_id,
        ruleId: rule.id,
        status: rule.status,
        enteredBefore: new Date(now.getTime() - Number(rule.hours) * 3_600_000),
        limit: batchSize,
      }),
    );
    for (const candidate of candidates) await this.apply(rule, candidate);
  }

  private async apply(rule: TimeRuleRow, candidate: { id: string; period_start: Date }) {
    const ws = rule.workspace_id;
    await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const row = await repos.conversations.findForUpdate(ws, candidate.id);
      if (!row || row.status !== rule.status || row.merged_into_id) return;
      const context = await this.engine.context(scope, row, { message: null });
      // A stay that does not match yet stays a candidate: it may match later in the same stay.
      if (!conditionsHold(rule.match, rule.conditions as AutomationCondition[], context)) return;
      const marked = await repos.automations.markTimeRuleRun({
        ruleId: rule.id,
        conversationId: row.id,
        periodStart: new Date(candidate.period_start),
        workspaceId: ws,
        at: this.deps.clock.now(),
      });
      if (!marked) return;
      await this.engine.batch(scope, ws, row.id, () =>
        this.actions.run({
          scope,
          actor: null,
          workspaceId: ws,
          conversationId: row.id,
          actions: rule.actions as AutomationAction[],
          source: { kind: 'time_rule', id: rule.id, name: rule.name },
          strict: false,
        }),
      );
    });
  }
}
