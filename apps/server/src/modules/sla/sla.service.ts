import { createHash } from 'node:crypto';
import type { ConversationSlaBadge, SlaAction, SlaTargetInput } from '@kefu/contracts';
import type { ConversationRow } from '../../db/schema.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { Repositories } from '../../repositories/index.ts';
import type {
  ConversationChange,
  ConversationHooks,
} from '../conversations/conversation.service.ts';
import { presentConversations } from '../conversations/conversation-query.service.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { type BusinessCalendar, BusinessTimeline } from './business-calendar.ts';
import {
  type CarriedTimes,
  type ClockCycle,
  type SlaFacts,
  type SlaTarget,
  badgeClock,
  computeClocks,
  multiEventMetrics,
} from './sla-clocks.ts';
import { firstMatchingPolicy } from './sla-policy-match.ts';
import { factsOf } from './sla-facts.ts';
import type { ConversationStatus } from './sla-metrics.ts';

/** A policy as applied to one conversation: its targets for the conversation's priority. */
export interface AppliedSla {
  targets: SlaTarget[];
  calendar: BusinessCalendar | null;
  /** Names the calendar snapshot (a hash of it), so its timeline is built once and shared. */
  calendarKey?: string;
  /**
   * Time multi-event metrics counted under an earlier calendar (metrics.md §1: earlier events
   * are not recomputed when the schedule changes).
   */
  carried?: CarriedTimes;
  /** A hash of everything above: the evaluation reads each distinct snapshot once. */
  key?: string;
  warningMs: number;
  warningActions: SlaAction[];
  breachActions: SlaAction[];
}

export const slaJobKinds = { refresh: 'sla.refresh', warning: 'sla.warning', breach: 'sla.breach' };

/** Timelines are built once per calendar snapshot and shared (most conversations share one). */
const timelines = new Map<string, BusinessTimeline>();
export function timelineFor(
  calendar: BusinessCalendar | null,
  calendarKey?: string,
): BusinessTimeline | null {
  if (!calendar) return null;
  const key = calendarKey ?? calendarKeyOf(calendar);
  let timeline = timelines.get(key);
  if (!timeline) {
    if (timelines.size > 200) timelines.clear();
    timeline = new BusinessTimeline(calendar);
    timelines.set(key, timeline);
  }
  return timeline;
}

const calendarKeyOf = (calendar: BusinessCalendar) =>
  createHash('sha256').update(JSON.stringify(calendar)).digest('base64url');

/** The badge a list row shows, from the cycles as last computed. */
export function badgeOf(row: {
  policy_id: string | null;
  policy_name: string;
  clocks: unknown[];
}): ConversationSlaBadge {
  const cycle = badgeClock(row.clocks as ClockCycle[]);
  return {
    policyId: row.policy_id,
    policyName: row.policy_name,
    metric: cycle?.metric ?? null,
    dueAt: cycle?.dueAt ? new Date(cycle.dueAt).toISOString() : null,
    breached: cycle?.breachedAt !== null && cycle?.breachedAt !== undefined,
    paused: cycle?.state === 'paused',
    remainingMs: cycle?.state === 'paused' ? Math.max(0, cycle.targetMs - cycle.elapsedMs) : null,
  };
}

/**
 * SLA policy selection and clocks. `afterWrite` is the hook the conversation services call in
 * every writing transaction: on creation and when priority, channel, team or tags change it
 * selects the policy again (`selectPolicyIn`; a trigger engine runs before this hook), on
 * replies and status changes it recomputes the clocks (`refreshIn`) and schedules the warning
 * and breach jobs for their new times.
 */
export class SlaService implements ConversationHooks {
  constructor(private readonly deps: ServiceDeps) {}

  async afterWrite(scope: TransactionScope, row: ConversationRow, change: ConversationChange) {
    if (change === 'created') await this.selectPolicyIn(scope, row, { isNew: true });
    else if (change === 'policy_fields') await this.selectPolicyIn(scope, row);
    else await this.refreshIn(scope, row);
  }

  /**
   * Applies the first matching policy (or removes the SLA when none matches), then clocks.
   * `isNew`: the conversation was created in this transaction, so it has no SLA yet to read.
   */
  async selectPolicyIn(
    scope: TransactionScope,
    row: ConversationRow,
    options: { isNew?: boolean } = {},
  ): Promise<void> {
    const { repos } = scope;
    const policies = await repos.sla.listPolicies(row.workspace_id);
    const current = options.isNew ? undefined : await repos.sla.findConversationSla(row.id);
    if (policies.length === 0 && !current) return;
    const facts = await repos.sla.conditionFacts(row.id);
    const policy = firstMatchingPolicy(
      policies.map((p) => ({ ...p, conditions: p.conditions })),
      { priority: row.priority, channel: row.channel, teamId: row.team_id, ...facts },
    );
    const now = this.deps.clock.now();
    if (!policy) {
      if (!current) return;
      await repos.sla.deleteConversationSla(row.id);
      await repos.sla.removeResultsExcept(row.id, []);
      await this.emitChange(scope, row);
      return;
    }
    const calendar = policy.calendar_id
      ? await this.calendarSnapshot(repos, row.workspace_id, policy.calendar_id)
      : null;
    const applied: AppliedSla = {
      targets: (policy.targets as SlaTargetInput[])
        .filter((t) => t.priority === row.priority)
        .map((t) => ({
          metric: t.metric,
          targetMs: Math.round(t.minutes * 60_000),
          businessHours: t.businessHours,
        })),
      calendar,
      ...(calendar ? { calendarKey: calendarKeyOf(calendar) } : {}),
      warningMs: policy.warning_minutes * 60_000,
      warningActions: policy.warning_actions as SlaAction[],
      breachActions: policy.breach_actions as SlaAction[],
    };
    const carried = await this.carriedTimes(repos, row, current, applied.calendarKey, now);
    if (Object.keys(carried).length > 0) applied.carried = carried;
    applied.key = createHash('sha256').update(JSON.stringify(applied)).digest('base64url');
    await repos.sla.upsertConversationSla({
      conversationId: row.id,
      workspaceId: row.workspace_id,
      policyId: policy.id,
      policyName: policy.name,
      applied: applied as unknown as Record<string, unknown>,
      at: now,
    });
    await this.refreshIn(scope, row, true);
  }

  /**
   * What the multi-event metrics carry into a new selection: when the calendar changed, the time
   * they counted so far under the old one, measured now; otherwise what they carried before.
   */
  private async carriedTimes(
    repos: Repositories,
    row: ConversationRow,
    current: { applied: Record<string, unknown> } | undefined,
    calendarKey: string | undefined,
    now: Date,
  ): Promise<CarriedTimes> {
    if (!current) return {};
    const before = current.applied as unknown as AppliedSla;
    if (before.calendarKey === calendarKey) return before.carried ?? {};
    const carried: CarriedTimes = { ...before.carried };
    for (const cycle of await this.clocksOf(repos, row, before, now.getTime())) {
      if (!multiEventMetrics.includes(cycle.metric)) continue;
      carried[cycle.metric] = {
        at: now.getTime(),
        elapsedMs: cycle.elapsedMs,
        breachedAt: cycle.breachedAt,
      };
    }
    return carried;
  }

  private async calendarSnapshot(
    repos: Repositories,
    workspaceId: string,
    calendarId: string,
  ): Promise<BusinessCalendar | null> {
    const calendar = await repos.sla.findCalendar(workspaceId, calendarId);
    if (!calendar) return null;
    const holidays = await repos.sla.listHolidays(workspaceId, [calendarId]);
    return {
      timezone: calendar.timezone,
      intervals: calendar.intervals,
      holidays: holidays.map((h) => ({
        startDate: h.start_date,
        endDate: h.end_date,
        startMinute: h.start_minute,
        endMinute: h.end_minute,
        yearly: h.yearly,
      })),
    };
  }

  /**
   * Recomputes the conversation's clocks from its facts, stores them and each cycle's result,
   * and enqueues the warning and breach jobs of every running clock. A job's key names its
   * cycle and time, so the same time is never queued twice, and a job whose time moved (a
   * reply, a pause) finds nothing to do when it runs.
   */
  async refreshIn(
    scope: TransactionScope,
    row: ConversationRow,
    announce = false,
  ): Promise<ClockCycle[] | null> {
    const { repos } = scope;
    const sla = await repos.sla.findConversationSla(row.id);
    if (!sla) return null;
    const applied = sla.applied as unknown as AppliedSla;
    const now = this.deps.clock.now();
    const cycles = await this.clocksOf(repos, row, applied, now.getTime());
    const before = JSON.stringify(badgeOf(sla));
    const running = cycles.filter((c) => c.state === 'running' && c.dueAt !== null);
    await repos.sla.saveClocks(row.id, {
      clocks: cycles,
      nextDueAt: running.length ? new Date(Math.min(...running.map((c) => c.dueAt!))) : null,
      breached: cycles.some((c) => c.state !== 'fulfilled' && c.breachedAt !== null),
      at: now,
    });
    await repos.sla.upsertResults(
      cycles.map((c) => ({
        conversationId: row.id,
        workspaceId: row.workspace_id,
        metric: c.metric,
        cycle: c.cycle,
        policyId: sla.policy_id,
        teamId: row.team_id,
        assigneeId: row.assignee_id,
        targetMs: c.targetMs,
        businessHours: c.businessHours,
        startedAt: new Date(c.startedAt),
        dueAt: c.dueAt === null ? null : new Date(c.dueAt),
        fulfilledAt: c.stoppedAt === null ? null : new Date(c.stoppedAt),
        breachedAt: c.breachedAt === null ? null : new Date(c.breachedAt),
      })),
      now,
    );
    await repos.sla.removeResultsExcept(row.id, cycles);
    for (const cycle of running) await this.schedule(repos, row, applied, cycle, now);
    const after = JSON.stringify(badgeOf({ ...sla, clocks: cycles }));
    if (announce || before !== after) await this.emitChange(scope, row);
    return cycles;
  }

  /** The clocks at `now`, from the facts in the database. */
  async clocksOf(repos: Repositories, row: ConversationRow, applied: AppliedSla, now: number) {
    const raw = await repos.sla.factsFor([row.id]);
    const facts = factsOf(row, raw.messages, raw.statuses);
    return computeClocks(
      facts,
      applied.targets,
      timelineFor(applied.calendar, applied.calendarKey),
      now,
      applied.carried,
    );
  }

  private async schedule(
    repos: Repositories,
    row: ConversationRow,
    applied: AppliedSla,
    cycle: ClockCycle,
    now: Date,
  ) {
    const payload = { conversationId: row.id, metric: cycle.metric, cycle: cycle.cycle };
    const key = `${row.id}:${cycle.metric}:${cycle.cycle}`;
    await repos.jobs.enqueue({
      id: this.deps.ids(),
      workspaceId: row.workspace_id,
      kind: slaJobKinds.breach,
      payload,
      idempotencyKey: `${key}:${cycle.dueAt}`,
      runAt: new Date(Math.max(cycle.dueAt!, now.getTime())),
    });
    if (applied.warningActions.length === 0 || cycle.breachedAt !== null) return;
    const warnAt = cycle.dueAt! - applied.warningMs;
    await repos.jobs.enqueue({
      id: this.deps.ids(),
      workspaceId: row.workspace_id,
      kind: slaJobKinds.warning,
      payload,
      idempotencyKey: `${key}:${warnAt}`,
      runAt: new Date(Math.max(warnAt, now.getTime())),
    });
  }

  /** Tells the workspace the badge changed (a conversation.updated with changes ['sla']). */
  private async emitChange(scope: TransactionScope, row: ConversationRow) {
    const [conversation] = await presentConversations(scope.repos, [row]);
    await scope.emit({
      type: 'conversation.updated',
      workspaceId: row.workspace_id,
      conversationId: row.id,
      internal: false,
      payload: { conversation: conversation!, changes: ['sla'], previous: countedFieldsOf(row) },
    });
  }
}

export type { SlaFacts, ConversationStatus };
