import type { Priority, SlaAction } from '@kefu/contracts';
import type { JobRow } from '../../db/schema-email.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { failpoint } from '../jobs/failpoints.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { ClockCycle } from './sla-clocks.ts';
import { type AppliedSla, type SlaService, slaJobKinds } from './sla.service.ts';

const nextPriority: Record<Priority, Priority> = {
  low: 'normal',
  normal: 'high',
  high: 'urgent',
  urgent: 'urgent',
};

/** Runs a macro in the caller's transaction as the system (modules/automations). */
export interface MacroPort {
  applyIn(
    scope: TransactionScope,
    actor: null,
    workspaceId: string,
    conversationId: string,
    macroId: string,
  ): Promise<unknown>;
}

interface DuePayload {
  conversationId: string;
  metric: string;
  cycle: number;
}

/**
 * The SLA jobs: `sla.refresh` recomputes a conversation's clocks (queued by the one-statement
 * reply path), `sla.warning` and `sla.breach` run a policy's actions when a clock reaches its
 * warning time or target. Each runs in one transaction that locks the conversation, recomputes
 * the clock from the facts, and marks the cycle handled with a guarded update: a job that runs
 * twice (a worker died after the commit's work but before marking the job done) finds it
 * marked and does nothing, and a job whose time moved finds the clock not due.
 */
export class SlaJobs {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly sla: SlaService,
    private readonly conversations: ConversationService,
  ) {}

  /** Set once the automations exist (macros are built after the conversation services). */
  macros: MacroPort | null = null;

  handlers(): JobHandler[] {
    return [
      { kind: slaJobKinds.refresh, run: (job) => this.refresh(job) },
      { kind: slaJobKinds.warning, run: (job) => this.due(job, 'warning') },
      { kind: slaJobKinds.breach, run: (job) => this.due(job, 'breach') },
    ];
  }

  private async refresh(job: JobRow) {
    const { conversationId } = job.payload as { conversationId: string };
    await this.deps.uow.transaction(async (scope) => {
      const row = await scope.repos.conversations.findForUpdate(job.workspace_id!, conversationId);
      if (row) await this.sla.refreshIn(scope, row);
    });
  }

  private async due(job: JobRow, kind: 'warning' | 'breach') {
    const payload = job.payload as unknown as DuePayload;
    await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const row = await repos.conversations.findForUpdate(
        job.workspace_id!,
        payload.conversationId,
      );
      if (!row) return;
      const sla = await repos.sla.findConversationSla(row.id);
      const cycles = await this.sla.refreshIn(scope, row);
      const cycle = cycles?.find((c) => c.metric === payload.metric && c.cycle === payload.cycle);
      if (!sla || !cycle) return;
      const applied = sla.applied as unknown as AppliedSla;
      const now = this.deps.clock.now().getTime();
      if (!isDue(cycle, kind, applied, now)) return;
      if (
        !(await repos.sla.markHandled({ ...payload, conversationId: row.id }, kind, new Date(now)))
      )
        return;
      const actions = kind === 'warning' ? applied.warningActions : applied.breachActions;
      for (const action of actions) await this.act(scope, row, cycle, kind, action);
      failpoint(`sla.${kind}.before-commit`);
    });
    failpoint(`sla.${kind}.after-commit`);
  }

  /** Runs one action through the conversation service, so the timeline and events stay right. */
  private async act(
    scope: TransactionScope,
    row: ConversationRow,
    cycle: ClockCycle,
    kind: 'warning' | 'breach',
    action: SlaAction,
  ) {
    const ws = row.workspace_id;
    const current = (await scope.repos.conversations.find(ws, row.id))!;
    switch (action.type) {
      case 'notify':
        await scope.emit({
          type: 'sla.alert',
          workspaceId: ws,
          conversationId: row.id,
          internal: true,
          payload: {
            conversationId: row.id,
            number: row.number,
            kind,
            metric: cycle.metric,
            dueAt: cycle.dueAt === null ? null : new Date(cycle.dueAt).toISOString(),
            assigneeId: current.assignee_id,
            teamId: current.team_id,
          },
        });
        return;
      case 'raise_priority':
        if (current.priority !== 'urgent')
          await this.conversations.updateIn(scope, null, ws, row.id, {
            priority: nextPriority[current.priority],
          });
        return;
      case 'add_tag': {
        const tags = (await scope.repos.conversations.tagsFor([row.id])).get(row.id) ?? [];
        await this.conversations.updateIn(scope, null, ws, row.id, { tags: [...tags, action.tag] });
        return;
      }
      case 'reassign':
        // A team deleted since the policy was written is skipped, not retried for ever.
        if (!(await scope.repos.admin.existingTeamIds(ws, [action.teamId])).has(action.teamId))
          return;
        await this.conversations.updateIn(scope, null, ws, row.id, {
          teamId: action.teamId,
          assigneeId: null,
        });
        return;
      case 'run_macro':
        // A macro deleted since the policy was written is skipped, not retried for ever.
        if (this.macros && (await scope.repos.macros.find(ws, action.macroId)))
          await this.macros.applyIn(scope, null, ws, row.id, action.macroId);
        return;
    }
  }
}

/**
 * A breach is due once the clock has passed its target while still unfulfilled (an answer
 * that came late records the breach for reports but raises nothing); a warning once the clock
 * is within the warning time of its target and not yet breached.
 */
function isDue(cycle: ClockCycle, kind: 'warning' | 'breach', applied: AppliedSla, now: number) {
  if (cycle.state === 'fulfilled') return false;
  if (kind === 'breach') return cycle.breachedAt !== null && cycle.breachedAt <= now;
  return (
    cycle.state === 'running' &&
    cycle.breachedAt === null &&
    cycle.dueAt !== null &&
    cycle.dueAt - applied.warningMs <= now
  );
}
