import { sql } from 'kysely';
import type { Executor } from './executor.ts';

export interface NewRealtimeEvent {
  workspaceId: string;
  type: string;
  conversationId: string | null;
  internal: boolean;
  payload: unknown;
  at: Date;
}

/**
 * The per-workspace event log that realtime clients replay from after a reconnect. Writers
 * put events in the outbox; EventPositioner moves them into the log, numbered, once they have
 * committed.
 */
export class RealtimeEventRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Records events in the caller's transaction, in the outbox until they are positioned. One
   * statement for all of them; identities are taken in the order given, which is the order
   * they will be positioned in.
   */
  async append(rows: NewRealtimeEvent[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('realtime_outbox')
      .values(
        rows.map((row) => ({
          workspace_id: row.workspaceId,
          type: row.type,
          conversation_id: row.conversationId,
          internal: row.internal,
          payload: JSON.stringify(row.payload),
          created_at: row.at,
        })),
      )
      .execute();
  }

  /**
   * Moves the oldest `limit` committed outbox events into the log with the workspace's next
   * positions, in id order, in one statement that first locks the counter row (see the
   * position_realtime_events function in migration 0005). Returns them in position order.
   */
  async positionPending(workspaceId: string, limit: number) {
    const result = await sql<{
      event_position: number;
      event_type: string;
      event_conversation_id: string | null;
      event_internal: boolean;
      event_payload: unknown;
      event_created_at: Date;
    }>`select * from position_realtime_events(${workspaceId}, ${limit})`.execute(this.db);
    return result.rows
      .map((row) => ({
        position: Number(row.event_position),
        type: row.event_type,
        conversation_id: row.event_conversation_id,
        internal: row.event_internal,
        payload: row.event_payload,
        created_at: row.event_created_at,
      }))
      .sort((a, b) => a.position - b.position);
  }

  /** Rewrites the stored payloads of positioned events (one statement for all of them). */
  async replacePayloads(workspaceId: string, rows: { position: number; payload: unknown }[]) {
    if (rows.length === 0) return;
    await sql`
      update realtime_events e set payload = v.payload
      from unnest(${rows.map((r) => r.position)}::bigint[],
        ${rows.map((r) => JSON.stringify(r.payload))}::jsonb[]) as v(position, payload)
      where e.workspace_id = ${workspaceId} and e.position = v.position`.execute(this.db);
  }

  /** Workspaces with committed events waiting for a position. */
  async workspacesWithPending(limit: number): Promise<string[]> {
    const result = await sql<{ workspace_id: string }>`
      select distinct workspace_id from realtime_outbox limit ${limit}`.execute(this.db);
    return result.rows.map((row) => row.workspace_id);
  }

  /** Positioned events after `position`, in order, at most `limit` of them. */
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
