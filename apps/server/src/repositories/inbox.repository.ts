import type { Executor } from './executor.ts';

/** The inbox counters. */
export class InboxRepository {
  constructor(private readonly db: Executor) {}

  /**
   * The workspace's non-zero counter rows, one per (status, assignee, team). The trigger from
   * migration 0003 keeps them exact; this reads a few rows, never the conversations.
   */
  conversationCounts(workspaceId: string) {
    return this.db
      .selectFrom('conversation_counts')
      .select(['status', 'assignee_id', 'team_id', 'count'])
      .where('workspace_id', '=', workspaceId)
      .where('count', '!=', 0)
      .execute();
  }

  /** The ids of the teams a user belongs to in a workspace. */
  async teamIdsOf(workspaceId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .select('team_id')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.team_id);
  }
}
