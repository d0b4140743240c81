import { sql } from 'kysely';
import type { BusinessCalendar } from '../modules/sla/business-calendar.ts';
import type { Executor } from './executor.ts';

/** Epoch milliseconds, whole (times written by the database may carry microseconds). */
const epoch = (column: string) =>
  sql<number>`floor(extract(epoch from ${sql.ref(column)}) * 1000)::float8`;

/** One conversation's raw timeline and slice dimensions, as the facts are computed from them. */
export interface TimelineRow {
  id: string;
  workspace_id: string;
  channel: string;
  team_id: string | null;
  assignee_id: string | null;
  priority: string;
  status: string;
  merged: boolean;
  created_at: number;
  updated_at: number;
  tier: string;
  language: string | null;
  tag_ids: string[];
  calendar: BusinessCalendar | null;
  calendar_key: string | null;
  /** [at, author kind] of every public message, oldest first. */
  messages: [number, string][];
  /** [at, from, to] of every status change, oldest first. */
  statuses: [number, string, string][];
  /** [at, from, to] of every assignee change, oldest first. */
  assignees: [number, string | null, string | null][];
}

/** A row of conversation_facts as the refresher writes it. */
export interface FactsRow {
  conversation_id: string;
  workspace_id: string;
  channel: string;
  team_id: string | null;
  assignee_id: string | null;
  priority: string;
  tier: string;
  language: string | null;
  tag_ids: string[];
  status: string;
  merged: boolean;
  created_at: Date;
  created_by_agent: boolean;
  first_reply_at: Date | null;
  first_solved_at: Date | null;
  solved_at: Date | null;
  reopens: number;
  agent_replies: number;
  customer_messages_after_first: number;
  one_touch: boolean;
  fcr: boolean;
  first_reply_ms: number | null;
  first_reply_business_ms: number | null;
  next_reply_ms: number[];
  next_reply_business_ms: number[];
  first_resolution_ms: number | null;
  first_resolution_business_ms: number | null;
  full_resolution_ms: number | null;
  full_resolution_business_ms: number | null;
  requester_wait_ms: number | null;
  requester_wait_business_ms: number | null;
  agent_work_ms: number | null;
  agent_work_business_ms: number | null;
  handling_ms: number | null;
  handling_business_ms: number | null;
}

const factColumns = [
  'conversation_id',
  'workspace_id',
  'channel',
  'team_id',
  'assignee_id',
  'priority',
  'tier',
  'language',
  'tag_ids',
  'status',
  'merged',
  'created_at',
  'created_by_agent',
  'first_reply_at',
  'first_solved_at',
  'solved_at',
  'reopens',
  'agent_replies',
  'customer_messages_after_first',
  'one_touch',
  'fcr',
  'first_reply_ms',
  'first_reply_business_ms',
  'next_reply_ms',
  'next_reply_business_ms',
  'first_resolution_ms',
  'first_resolution_business_ms',
  'full_resolution_ms',
  'full_resolution_business_ms',
  'requester_wait_ms',
  'requester_wait_business_ms',
  'agent_work_ms',
  'agent_work_business_ms',
  'handling_ms',
  'handling_business_ms',
] as const satisfies readonly (keyof FactsRow)[];

const arrayColumns = new Set(['tag_ids', 'next_reply_ms', 'next_reply_business_ms']);
const arrayType = (column: string) => (column === 'tag_ids' ? sql`::uuid[]` : sql`::bigint[]`);

/**
 * The per-conversation analytics rollup: which conversations are dirty, their raw timelines,
 * and writing their facts. The report queries are in AnalyticsReportRepository.
 */
export class AnalyticsFactsRepository {
  constructor(private readonly db: Executor) {}

  /** Up to `limit` dirty conversations (of one workspace, or of all), oldest mark first. */
  async dirtyPage(workspaceId: string | null, limit: number) {
    const result = await sql<{ conversation_id: string; seq: number }>`
      select conversation_id, seq from analytics_dirty
      where (${workspaceId}::uuid is null or workspace_id = ${workspaceId}::uuid)
      order by seq limit ${limit}`.execute(this.db);
    return result.rows;
  }

  /** Removes the marks that were not renewed since they were read. */
  async clearDirty(marks: { conversation_id: string; seq: number }[]) {
    if (marks.length === 0) return;
    await sql`delete from analytics_dirty d
      using unnest(${marks.map((m) => m.conversation_id)}::uuid[],
        ${marks.map((m) => m.seq)}::bigint[]) as read(id, seq)
      where d.conversation_id = read.id and d.seq = read.seq`.execute(this.db);
  }

  /** Every conversation id of a workspace, in pages (the full recomputation). */
  async conversationIds(workspaceId: string, afterId: string | null, limit: number) {
    const result = await sql<{ id: string }>`
      select id from conversations
      where workspace_id = ${workspaceId}
        and (${afterId}::uuid is null or id > ${afterId}::uuid)
      order by id limit ${limit}`.execute(this.db);
    return result.rows.map((r) => r.id);
  }

  /**
   * The raw timelines of some conversations in one statement: public messages, status and
   * assignee changes as JSON arrays, with the slice dimensions and the business calendar (the
   * applied SLA policy's snapshot, else `fallback`).
   */
  async timelines(ids: string[]): Promise<TimelineRow[]> {
    if (ids.length === 0) return [];
    const changes = (type: string) => sql`(select coalesce(json_agg(json_build_array(
        ${epoch('e.created_at')}, e.data->>'from', e.data->>'to') order by e.created_at, e.id),
        '[]'::json)
      from conversation_events e where e.conversation_id = c.id and e.type = ${type})`;
    const result = await sql<TimelineRow>`
      select c.id, c.workspace_id, c.channel, c.team_id, c.assignee_id, c.priority, c.status,
        c.merged_into_id is not null as merged, ${epoch('c.created_at')} as created_at,
        ${epoch('c.updated_at')} as updated_at, cu.tier, cu.locale as language,
        array(select t.tag_id from conversation_tags t where t.conversation_id = c.id
          order by t.tag_id) as tag_ids,
        s.applied->'calendar' as calendar, s.applied->>'calendarKey' as calendar_key,
        (select coalesce(json_agg(json_build_array(${epoch('m.created_at')}, m.author_type)
            order by m.created_at, m.id), '[]'::json)
          from messages m where m.conversation_id = c.id and m.visibility = 'public') as messages,
        ${changes('status.changed')} as statuses,
        ${changes('assignee.changed')} as assignees
      from conversations c join customers cu on cu.id = c.customer_id
        left join conversation_sla s on s.conversation_id = c.id
      where c.id = any(${ids}::uuid[])
      order by c.id`.execute(this.db);
    return result.rows;
  }

  /** The workspace's default business calendar for reports: its oldest one, with holidays. */
  async defaultCalendar(workspaceId: string): Promise<BusinessCalendar | null> {
    const result = await sql<BusinessCalendar>`
      select b.timezone, b.intervals,
        coalesce((select json_agg(json_build_object('startDate', to_char(h.start_date, 'YYYY-MM-DD'),
            'endDate', to_char(h.end_date, 'YYYY-MM-DD'), 'startMinute', h.start_minute,
            'endMinute', h.end_minute, 'yearly', h.yearly) order by h.start_date, h.id)
          from calendar_holidays h where h.calendar_id = b.id), '[]'::json) as holidays
      from business_calendars b where b.workspace_id = ${workspaceId}
      order by b.created_at, b.id limit 1`.execute(this.db);
    return result.rows[0] ?? null;
  }

  /** Writes (or replaces) the facts of some conversations in one statement. */
  async upsertFacts(rows: FactsRow[], at: Date) {
    if (rows.length === 0) return;
    const values = rows.map(
      (row) =>
        sql`(${sql.join([
          ...factColumns.map((c) =>
            arrayColumns.has(c) ? sql`${row[c]}${arrayType(c)}` : sql`${row[c]}`,
          ),
          sql`${at}`,
        ])})`,
    );
    const columns = sql.join([...factColumns, 'computed_at'].map((c) => sql.ref(c)));
    const updates = sql.join(
      [...factColumns.slice(1), 'computed_at'].map(
        (c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`,
      ),
    );
    await sql`insert into conversation_facts (${columns}) values ${sql.join(values)}
      on conflict (conversation_id) do update set ${updates}`.execute(this.db);
  }

  /**
   * Demo history only: moves a conversation's timeline into the past. Every message and
   * timeline entry written in the real window [from_i, from_i+1) moves to at_i plus its offset
   * in that window; the conversation is marked for recomputation.
   */
  async backdate(conversationId: string, windows: { from: Date; at: Date }[]) {
    const from = windows.map((w) => w.from);
    const to = [...from.slice(1), null];
    const at = windows.map((w) => w.at);
    const moved = (table: 'messages' | 'conversation_events') => sql`
      update ${sql.table(table)} t set created_at = w.at + (t.created_at - w.start)
      from unnest(${from}::timestamptz[], ${to}::timestamptz[], ${at}::timestamptz[])
        as w(start, stop, at)
      where t.conversation_id = ${conversationId} and t.created_at >= w.start
        and (w.stop is null or t.created_at < w.stop)`;
    await moved('messages').execute(this.db);
    await moved('conversation_events').execute(this.db);
    await sql`update conversations set created_at = ${at[0]!},
        updated_at = greatest(${at.at(-1)!}::timestamptz, ${at[0]!}::timestamptz),
        last_message_at = (select max(created_at) from messages where conversation_id = ${conversationId})
      where id = ${conversationId}`.execute(this.db);
    await sql`insert into analytics_dirty (conversation_id, workspace_id, seq)
      select id, workspace_id, nextval('analytics_dirty_seq') from conversations
      where id = ${conversationId}
      on conflict (conversation_id) do update set seq = excluded.seq`.execute(this.db);
  }

  /** Drops facts whose conversation is gone from the list (none normally: the FK cascades). */
  async deleteFacts(ids: string[]) {
    if (ids.length === 0) return;
    await sql`delete from conversation_facts where conversation_id = any(${ids}::uuid[])`.execute(
      this.db,
    );
  }
}
