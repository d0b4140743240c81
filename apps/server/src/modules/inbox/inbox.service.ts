import {
  type InboxCounts,
  type InboxViewer,
  addToInboxCounts,
  emptyInboxCounts,
} from '@kefu/contracts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';

/** Inbox view counts for the current agent, summed from the counter table (see migration 0003). */
export class InboxService {
  constructor(private readonly deps: ServiceDeps) {}

  async counts(actor: Actor): Promise<InboxCounts> {
    return this.deps.uow.read(async (repos) => {
      const viewer: InboxViewer =
        actor.kind === 'user'
          ? {
              userId: actor.userId,
              teamIds: await repos.inbox.teamIdsOf(actor.workspaceId, actor.userId),
            }
          : { userId: null, teamIds: [] };
      const rows = await repos.inbox.conversationCounts(actor.workspaceId);
      return rows.reduce(
        (counts, row) =>
          addToInboxCounts(
            counts,
            {
              status: row.status,
              assigneeId: row.assignee_id,
              teamId: row.team_id,
              mergedIntoId: null,
            },
            viewer,
            row.count,
          ),
        emptyInboxCounts(viewer),
      );
    });
  }
}
