import { sql } from 'kysely';
import type { CalendarIntervalJson } from '../db/schema-sla.ts';
import { type Executor, isUniqueViolation, json } from './executor.ts';

const holidayColumns = [
  'id',
  'calendar_id',
  'name',
  sql<string>`to_char(start_date, 'YYYY-MM-DD')`.as('start_date'),
  sql<string>`to_char(end_date, 'YYYY-MM-DD')`.as('end_date'),
  'start_minute',
  'end_minute',
  'yearly',
  'source_uid',
] as const;

export interface NewHoliday {
  id: string;
  workspaceId: string;
  calendarId: string;
  name: string;
  startDate: string;
  endDate: string;
  startMinute: number | null;
  endMinute: number | null;
  yearly: boolean;
  sourceUid: string | null;
  at: Date;
}

export interface PolicyFields {
  name: string;
  enabled: boolean;
  calendarId: string | null;
  conditions: unknown;
  targets: unknown[];
  warningMinutes: number;
  warningActions: unknown[];
  breachActions: unknown[];
}

export interface MetricResult {
  conversationId: string;
  workspaceId: string;
  metric: string;
  cycle: number;
  policyId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  targetMs: number;
  businessHours: boolean;
  startedAt: Date;
  dueAt: Date | null;
  fulfilledAt: Date | null;
  breachedAt: Date | null;
}

/** Business calendars, SLA policies, each conversation's applied policy and clock results. */
export class SlaRepository {
  constructor(private readonly db: Executor) {}

  listCalendars(workspaceId: string) {
    return this.db
      .selectFrom('business_calendars')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
  }

  findCalendar(workspaceId: string, id: string) {
    return this.db
      .selectFrom('business_calendars')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Returns null when the name is taken in this workspace. */
  async insertCalendar(row: {
    id: string;
    workspaceId: string;
    name: string;
    timezone: string;
    intervals: CalendarIntervalJson[];
    at: Date;
  }) {
    try {
      return await this.db
        .insertInto('business_calendars')
        .values({
          id: row.id,
          workspace_id: row.workspaceId,
          name: row.name,
          timezone: row.timezone,
          intervals: json(row.intervals),
          created_at: row.at,
          updated_at: row.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** Returns 'taken' when the new name is another calendar's. */
  async updateCalendar(
    workspaceId: string,
    id: string,
    patch: { name?: string; timezone?: string; intervals?: CalendarIntervalJson[]; at: Date },
  ): Promise<'ok' | 'taken'> {
    try {
      await this.db
        .updateTable('business_calendars')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
          ...(patch.intervals !== undefined ? { intervals: json(patch.intervals) } : {}),
          updated_at: patch.at,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      return 'ok';
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
  }

  async deleteCalendar(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('business_calendars')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  listHolidays(workspaceId: string, calendarIds: string[]) {
    if (calendarIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('calendar_holidays')
      .select(holidayColumns)
      .where('workspace_id', '=', workspaceId)
      .where('calendar_id', 'in', calendarIds)
      .orderBy('start_date')
      .orderBy('id')
      .execute();
  }

  /** Inserts holidays; one whose iCal UID the calendar already has is skipped. Returns how many. */
  async insertHolidays(rows: NewHoliday[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('calendar_holidays')
      .values(
        rows.map((h) => ({
          id: h.id,
          workspace_id: h.workspaceId,
          calendar_id: h.calendarId,
          name: h.name,
          start_date: h.startDate,
          end_date: h.endDate,
          start_minute: h.startMinute,
          end_minute: h.endMinute,
          yearly: h.yearly,
          source_uid: h.sourceUid,
          created_at: h.at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['calendar_id', 'source_uid']).where('source_uid', 'is not', null).doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  async deleteHoliday(workspaceId: string, calendarId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('calendar_holidays')
      .where('workspace_id', '=', workspaceId)
      .where('calendar_id', '=', calendarId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  listPolicies(workspaceId: string) {
    return this.db
      .selectFrom('sla_policies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  findPolicy(workspaceId: string, id: string) {
    return this.db
      .selectFrom('sla_policies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** A new policy goes last in the order. */
  insertPolicy(row: { id: string; workspaceId: string; at: Date } & PolicyFields) {
    return this.db
      .insertInto('sla_policies')
      .values((eb) => ({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        position: eb
          .selectFrom('sla_policies')
          .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
          .where('workspace_id', '=', row.workspaceId),
        enabled: row.enabled,
        calendar_id: row.calendarId,
        conditions: json(row.conditions),
        targets: json(row.targets),
        warning_minutes: row.warningMinutes,
        warning_actions: json(row.warningActions),
        breach_actions: json(row.breachActions),
        created_at: row.at,
        updated_at: row.at,
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updatePolicy(workspaceId: string, id: string, fields: PolicyFields, at: Date) {
    return this.db
      .updateTable('sla_policies')
      .set({
        name: fields.name,
        enabled: fields.enabled,
        calendar_id: fields.calendarId,
        conditions: json(fields.conditions),
        targets: json(fields.targets),
        warning_minutes: fields.warningMinutes,
        warning_actions: json(fields.warningActions),
        breach_actions: json(fields.breachActions),
        updated_at: at,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  }

  async deletePolicy(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('sla_policies')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setPolicyPositions(workspaceId: string, ids: string[], at: Date) {
    for (const [index, id] of ids.entries()) {
      await this.db
        .updateTable('sla_policies')
        .set({ position: index + 1, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    }
  }

  /** The fields policy conditions look at: customer tier and the conversation's tags. */
  async conditionFacts(conversationId: string) {
    const row = await this.db
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['cu.tier'])
      .where('c.id', '=', conversationId)
      .executeTakeFirst();
    const tags = await this.db
      .selectFrom('conversation_tags as ct')
      .innerJoin('tags as t', 't.id', 'ct.tag_id')
      .select('t.name_key')
      .where('ct.conversation_id', '=', conversationId)
      .execute();
    return { tier: row?.tier ?? 'standard', tags: tags.map((t) => t.name_key) };
  }

  /** Every message's time, author and visibility, and every status change, per conversation. */
  async factsFor(conversationIds: string[]) {
    if (conversationIds.length === 0) return { messages: [], statuses: [] };
    const messages = await this.db
      .selectFrom('messages')
      .select(['conversation_id', 'created_at', 'author_type', 'visibility'])
      .where('conversation_id', 'in', conversationIds)
      .orderBy('conversation_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const statuses = await this.db
      .selectFrom('conversation_events')
      .select([
        'conversation_id',
        'created_at',
        sql<string>`data->>'from'`.as('from'),
        sql<string>`data->>'to'`.as('to'),
      ])
      .where('conversation_id', 'in', conversationIds)
      .where('type', '=', 'status.changed')
      .orderBy('conversation_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { messages, statuses };
  }

  findConversationSla(conversationId: string) {
    return this.db
      .selectFrom('conversation_sla')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
  }

  /** Applied SLA rows of one workspace's conversations (badges for a page). */
  upsertConversationSla(row: {
    conversationId: string;
    workspaceId: string;
    policyId: string | null;
    policyName: string;
    applied: Record<string, unknown>;
    at: Date;
  }) {
    return this.db
      .insertInto('conversation_sla')
      .values({
        conversation_id: row.conversationId,
        workspace_id: row.workspaceId,
        policy_id: row.policyId,
        policy_name: row.policyName,
        applied: json(row.applied),
        applied_at: row.at,
        updated_at: row.at,
      })
      .onConflict((oc) =>
        oc.column('conversation_id').doUpdateSet({
          policy_id: row.policyId,
          policy_name: row.policyName,
          applied: json(row.applied),
          applied_at: row.at,
          updated_at: row.at,
        }),
      )
      .execute();
  }

  deleteConversationSla(conversationId: string) {
    return this.db
      .deleteFrom('conversation_sla')
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  saveClocks(
    conversationId: string,
    state: { clocks: unknown[]; nextDueAt: Date | null; breached: boolean; at: Date },
  ) {
    return this.db
      .updateTable('conversation_sla')
      .set({
        clocks: json(state.clocks),
        next_due_at: state.nextDueAt,
        breached: state.breached,
        updated_at: state.at,
      })
      .where('conversation_id', '=', conversationId)
      .execute();
  }

  /** Writes each cycle's latest result; a breach once recorded keeps its time. */
  async upsertResults(rows: MetricResult[], at: Date) {
    if (rows.length === 0) return;
    await this.db
      .insertInto('sla_metric_results')
      .values(
        rows.map((r) => ({
          conversation_id: r.conversationId,
          workspace_id: r.workspaceId,
          metric: r.metric,
          cycle: r.cycle,
          policy_id: r.policyId,
          team_id: r.teamId,
          assignee_id: r.assigneeId,
          target_ms: r.targetMs,
          business_hours: r.businessHours,
          started_at: r.startedAt,
          due_at: r.dueAt,
          fulfilled_at: r.fulfilledAt,
          breached_at: r.breachedAt,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['conversation_id', 'metric', 'cycle']).doUpdateSet((eb) => ({
          policy_id: eb.ref('excluded.policy_id'),
          team_id: eb.ref('excluded.team_id'),
          assignee_id: eb.ref('excluded.assignee_id'),
          target_ms: eb.ref('excluded.target_ms'),
          business_hours: eb.ref('excluded.business_hours'),
          started_at: eb.ref('excluded.started_at'),
          due_at: eb.ref('excluded.due_at'),
          fulfilled_at: eb.ref('excluded.fulfilled_at'),
          breached_at: sql`coalesce(sla_metric_results.breached_at, excluded.breached_at)`,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** Cycles a policy change left behind (a metric the new policy does not clock) go. */
  removeResultsExcept(conversationId: string, keep: { metric: string; cycle: number }[]) {
    let query = this.db
      .deleteFrom('sla_metric_results')
      .where('conversation_id', '=', conversationId)
      .where('fulfilled_at', 'is', null)
      .where('breached_at', 'is', null);
    if (keep.length)
      query = query.where(
        sql<boolean>`(metric, cycle) not in (${sql.join(keep.map((k) => sql`(${k.metric}, ${k.cycle})`))})`,
      );
    return query.execute();
  }

  /**
   * Marks a cycle's warning or breach as handled; false when it already was. The job's
   * transaction holds the row, so the actions run once however often the job runs.
   */
  async markHandled(
    key: { conversationId: string; metric: string; cycle: number },
    kind: 'warning' | 'breach',
    at: Date,
  ): Promise<boolean> {
    const column = kind === 'warning' ? 'warned_at' : 'breach_actioned_at';
    const result = await this.db
      .updateTable('sla_metric_results')
      .set({ [column]: at, updated_at: at })
      .where('conversation_id', '=', key.conversationId)
      .where('metric', '=', key.metric)
      .where('cycle', '=', key.cycle)
      .where(column, 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  findResult(conversationId: string, metric: string, cycle: number) {
    return this.db
      .selectFrom('sla_metric_results')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('metric', '=', metric)
      .where('cycle', '=', cycle)
      .executeTakeFirst();
  }

  /**
   * Achievement over cycles that ended (fulfilled, or breached) in [from, to), grouped by one
   * dimension: achieved = fulfilled without a breach.
   */
  async achievement(
    workspaceId: string,
    from: Date,
    to: Date,
    by: 'policy_id' | 'metric' | 'team_id' | 'assignee_id',
  ) {
    const ended = sql`coalesce(fulfilled_at, breached_at)`;
    const result = await sql<{ key: string | null; total: number; breached: number }>`
      select ${sql.ref(by)}::text as key, count(*)::int as total,
        count(breached_at)::int as breached
      from sla_metric_results
      where workspace_id = ${workspaceId} and ${ended} >= ${from} and ${ended} < ${to}
      group by 1 order by 1 nulls last`.execute(this.db);
    return result.rows;
  }

  /**
   * One page of the whole-workspace evaluation, read lean: times as epoch milliseconds (no
   * date parsing), and each distinct applied policy once (rows name it by the hash its snapshot
   * carries, or an md5 of it for snapshots applied before there was one).
   */
  async evaluationPage(workspaceId: string, afterId: string | null, limit: number) {
    const epoch = (column: string) =>
      sql<number>`(extract(epoch from ${sql.ref(column)}) * 1000)::float8`;
    // One statement; each conversation's messages and status changes come as one JSON array
    // (json, not jsonb: the driver hands it to JSON.parse), so 100,000 conversations are
    // 100,000 rows rather than every message as a row.
    const rows = (
      await sql<{
        id: string;
        created_at: number;
        updated_at: number;
        status: string;
        applied_key: string;
        messages: [number, 'customer' | 'agent' | 'bot' | 'system', 'public' | 'internal'][];
        statuses: [number, string, string][];
      }>`
        select c.id, ${epoch('c.created_at')} as created_at,
          ${epoch('c.updated_at')} as updated_at, c.status,
          coalesce(s.applied->>'key', md5(s.applied::text)) as applied_key,
          (select coalesce(json_agg(json_build_array(${epoch('m.created_at')}, m.author_type,
              m.visibility) order by m.created_at, m.id), '[]'::json)
            from messages m where m.conversation_id = c.id) as messages,
          (select coalesce(json_agg(json_build_array(${epoch('e.created_at')}, e.data->>'from',
              e.data->>'to') order by e.created_at, e.id), '[]'::json)
            from conversation_events e
            where e.conversation_id = c.id and e.type = 'status.changed') as statuses
        from conversation_sla s join conversations c on c.id = s.conversation_id
        where s.workspace_id = ${workspaceId} and c.status not in ('solved', 'closed')
          and (${afterId}::uuid is null or c.id > ${afterId}::uuid)
        order by c.id limit ${limit}`.execute(this.db)
    ).rows;
    if (rows.length === 0) return null;
    const keys = [...new Set(rows.map((r) => r.applied_key))];
    const ids = keys.map((key) => rows.find((r) => r.applied_key === key)!.id);
    const applied = await this.db
      .selectFrom('conversation_sla')
      .select(['conversation_id', 'applied'])
      .where('conversation_id', 'in', ids)
      .execute();
    const byId = new Map(applied.map((a) => [a.conversation_id, a.applied]));
    return {
      rows: rows.map((r) => ({
        id: r.id,
        created_at: r.created_at,
        updated_at: r.updated_at,
        status: r.status,
        applied_key: r.applied_key,
        messages: r.messages.map(([at, author, visibility]) => ({
          created_at: at,
          author_type: author,
          visibility,
        })),
        statuses: r.statuses.map(([at, from, to]) => ({ created_at: at, from, to })),
      })),
      applied: new Map(keys.map((key, i) => [key, byId.get(ids[i]!)!])),
    };
  }
}
