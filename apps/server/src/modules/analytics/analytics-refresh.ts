import type { BusinessCalendar } from '../sla/business-calendar.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { Repositories } from '../../repositories/index.ts';
import { factsRowOf } from './facts-row.ts';

const pageSize = 500;

/**
 * Keeps conversation_facts current. Database triggers mark a conversation dirty in every write
 * that changes what its facts depend on (migration 0014); `refresh` recomputes the dirty ones
 * from their timelines and clears each mark only if no write renewed it meanwhile, so a burst
 * of writes to one conversation costs one recomputation and a concurrent write is never lost.
 * Facts are replaced whole (no deltas), so two refreshers at once cannot count anything twice.
 */
export class AnalyticsRefresher {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Recomputes dirty conversations (one workspace's, or every workspace's), up to `maxPages`
   * pages of 500; returns how many were recomputed.
   */
  async refresh(workspaceId: string | null, maxPages = Infinity): Promise<number> {
    let done = 0;
    for (let page = 0; page < maxPages; page += 1) {
      const n = await this.deps.uow.transaction(async ({ repos }) => {
        const marks = await repos.analyticsFacts.dirtyPage(workspaceId, pageSize);
        await this.recomputeIn(
          repos,
          marks.map((m) => m.conversation_id),
        );
        await repos.analyticsFacts.clearDirty(marks);
        return marks.length;
      });
      done += n;
      if (n < pageSize) break;
    }
    return done;
  }

  /** Recomputes every conversation of a workspace (a backfill; the benchmark's loader). */
  async recomputeAll(workspaceId: string): Promise<number> {
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const ids = await this.deps.uow.read((repos) =>
        repos.analyticsFacts.conversationIds(workspaceId, after, pageSize),
      );
      if (ids.length === 0) return done;
      await this.deps.uow.transaction(({ repos }) => this.recomputeIn(repos, ids));
      done += ids.length;
      after = ids.at(-1)!;
    }
  }

  private async recomputeIn(repos: Repositories, ids: string[]) {
    const rows = await repos.analyticsFacts.timelines(ids);
    const fallbacks = new Map<string, BusinessCalendar | null>();
    for (const ws of new Set(rows.map((r) => r.workspace_id)))
      fallbacks.set(ws, await repos.analyticsFacts.defaultCalendar(ws));
    const now = this.deps.clock.now();
    await repos.analyticsFacts.upsertFacts(
      rows.map((row) => factsRowOf(row, fallbacks.get(row.workspace_id) ?? null)),
      now,
    );
    const found = new Set(rows.map((r) => r.id));
    await repos.analyticsFacts.deleteFacts(ids.filter((id) => !found.has(id)));
  }
}
