import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/** The per-workspace event log that realtime clients replay from after a reconnect. */
export class RealtimeEventRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Takes the workspace's next event position and records the event, in one statement. The
   * counter row stays locked until the transaction ends, so positions follow commit order;
   * one round trip instead of two keeps that lock short.
   */
  async append(row: {
    workspaceId: string;
    type: string;
    conversationId: string | null;
    internal: boolean;
    payload: unknown;
    at: Date;
  }): Promise<number> {
    const result = await sql<{ position: number }>`
      with next as (
        update workspace_counters set value = value + 1
        where workspace_id = ${row.workspaceId} and name = 'event'
        returning value
      )
      insert into realtime_events (workspace_id, position, type, conversation_id, internal, payload, created_at)
      select ${row.workspaceId}, next.value, ${row.type}, ${row.conversationId}, ${row.internal},
        ${JSON.stringify(row.payload)}::jsonb, ${row.at}
      from next
      returning position`.execute(this.db);
    const position = result.rows[0]?.position;
    if (position === undefined)
      throw new Error(`No event counter for workspace ${row.workspaceId}`);
    return Number(position);
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
