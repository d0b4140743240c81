import type { z } from 'zod';
import type { SlaAchievementQuery } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentClock } from './sla.presenter.ts';
import { type AppliedSla, type SlaService, badgeOf, timelineFor } from './sla.service.ts';
import { computeClocks } from './sla-clocks.ts';
import { factsOf } from './sla-facts.ts';

/** Reading SLA state: one conversation's clocks now, achievement over a range, whole-workspace evaluation. */
export class SlaReportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly sla: SlaService,
  ) {}

  /** Every clock of a conversation, computed now from its facts. */
  async forConversation(actor: Actor, conversationId: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(actor.workspaceId, conversationId);
      if (!row) throw notFound('Conversation');
      const sla = await repos.sla.findConversationSla(row.id);
      if (!sla) return { badge: null, clocks: [] };
      const applied = sla.applied as unknown as AppliedSla;
      const cycles = await this.sla.clocksOf(repos, row, applied, this.deps.clock.now().getTime());
      return { badge: badgeOf({ ...sla, clocks: cycles }), clocks: cycles.map(presentClock) };
    });
  }

  /**
   * Achievement per policy, metric, team and agent: clock cycles that ended in [from, to)
   * (fulfilled, or breached); achieved = fulfilled within target.
   */
  async achievement(actor: Actor, query: z.output<typeof SlaAchievementQuery>) {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from)
      throw new AppError('validation_failed', 'to: must be after from', { field: 'to' });
    return this.deps.uow.read(async (repos) => {
      const group = async (by: 'policy_id' | 'metric' | 'team_id' | 'assignee_id') =>
        (await repos.sla.achievement(actor.workspaceId, from, to, by)).map((r) => ({
          key: r.key,
          total: r.total,
          breached: r.breached,
          achieved: r.total - r.breached,
          rate: r.total ? (r.total - r.breached) / r.total : null,
        }));
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        byPolicy: await group('policy_id'),
        byMetric: await group('metric'),
        byTeam: await group('team_id'),
        byAgent: await group('assignee_id'),
      };
    });
  }

  /**
   * Evaluates every open conversation with a policy in a workspace at `now`, in pages of
   * `batch` (the benchmark's subject): how many clocks run, are paused, are breached.
   */
  async evaluateOpen(workspaceId: string, batch = 5000) {
    const now = this.deps.clock.now().getTime();
    const totals = { conversations: 0, running: 0, paused: 0, breached: 0 };
    let after: string | null = null;
    for (;;) {
      const page = await this.deps.uow.read((repos) =>
        repos.sla.evaluationPage(workspaceId, after, batch),
      );
      if (!page) return totals;
      after = page.rows.at(-1)!.id;
      for (const row of page.rows) {
        const applied = page.applied.get(row.applied_key) as unknown as AppliedSla;
        const facts = factsOf(row, row.messages, row.statuses);
        const timeline = timelineFor(applied.calendar, applied.calendarKey);
        totals.conversations += 1;
        for (const c of computeClocks(facts, applied.targets, timeline, now, applied.carried)) {
          if (c.state === 'running') totals.running += 1;
          if (c.state === 'paused') totals.paused += 1;
          if (c.state !== 'fulfilled' && c.breachedAt !== null) totals.breached += 1;
        }
      }
    }
  }
}
