import type { Executor } from './executor.ts';

/** The per-workspace event log that realtime clients replay from after a reconnect. */
export class RealtimeEventRepository {
  constructor(private readonly db: Executor) {}

  insert(row: {
    workspaceId: string;
    position: number;
    type: string;
    conversationId: string | null;
    internal: boolean;
    payload: unknown;
    at: Date;
  }) {
    return this.db
      .insertInto('realtime_events')
      .values({
        workspace_id: row.workspaceId,
        position: row.position,
        type: row.type,
        conversation_id: row.conversationId,
        internal: row.internal,
        payload: JSON.stringify(row.payload),
        created_at: row.at,
      })
      .execute();
  }

  /** Events after `position`, in order, at most `limit` of them. */
  listAfter(workspaceId: string, position: number, limit: number) {
    return this.db
      .selectFrom('realtime_events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('position', '>', position)
      .orderBy('position')
      .limit(limit)
      .execute();
  }
}
