import { sql } from 'kysely';
import { type Executor, json } from './executor.ts';
import { messageColumns } from './message.repository.ts';

export interface RuleFields {
  name: string;
  enabled: boolean;
  match: 'all' | 'any';
  conditions: unknown[];
  actions: unknown[];
}

/** Triggers, time rules and their "applied" records, the facts conditions look at. */
export class AutomationRepository {
  constructor(private readonly db: Executor) {}

  listTriggers(workspaceId: string) {
    return this.db
      .selectFrom('automation_triggers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  findTrigger(workspaceId: string, id: string) {
    return this.db
      .selectFrom('automation_triggers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertTrigger(
    row: { id: string; workspaceId: string; events: string[]; at: Date } & RuleFields,
  ) {
    const last = await this.db
      .selectFrom('automation_triggers')
      .select(sql<number>`coalesce(max(position), 0)`.as('max'))
      .where('workspace_id', '=', row.workspaceId)
      .executeTakeFirstOrThrow();
    return this.db
      .insertInto('automation_triggers')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        position: Number(last.max) + 1,
        enabled: row.enabled,
        events: json(row.events),
        match: row.match,
        conditions: json(row.conditions),
        actions: json(row.actions),
        created_at: row.at,
        updated_at: row.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateTrigger(
    workspaceId: string,
    id: string,
    fields: RuleFields & { events: string[] },
    at: Date,
  ) {
    return this.db
      .updateTable('automation_triggers')
      .set({
        name: fields.name,
        enabled: fields.enabled,
        events: json(fields.events),
        match: fields.match,
        conditions: json(fields.conditions),
        actions: json(fields.actions),
        updated_at: at,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteTrigger(workspaceId: string, id: string) {
    const result = await this.db
      .deleteFrom('automation_triggers')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setTriggerPositions(workspaceId: string, ids: string[], at: Date) {
    for (const [index, id] of ids.entries()) {
      await this.db
        .updateTable('automation_triggers')
        .set({ position: index + 1, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    }
  }

  listTimeRules(workspaceId: string) {
    return this.db
      .selectFrom('automation_time_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Every enabled time rule of every workspace (the recurring check walks them). */
  enabledTimeRules() {
    return this.db
      .selectFrom('automation_time_rules')
      .selectAll()
      .where('enabled', '=', true)
      .orderBy('workspace_id')
      .orderBy('created_at')
      .execute();
  }

  findTimeRule(workspaceId: string, id: string) {
    return this.db
      .selectFrom('automation_time_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertTimeRule(
    row: { id: string; workspaceId: string; status: string; hours: number; at: Date } & RuleFields,
  ) {
    return this.db
      .insertInto('automation_time_rules')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        enabled: row.enabled,
        status: row.status,
        hours: row.hours,
        match: row.match,
        conditions: json(row.conditions),
        actions: json(row.actions),
        created_at: row.at,
        updated_at: row.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateTimeRule(
    workspaceId: string,
    id: string,
    fields: RuleFields & { status: string; hours: number },
    at: Date,
  ) {
    return this.db
      .updateTable('automation_time_rules')
      .set({
        name: fields.name,
        enabled: fields.enabled,
        status: fields.status,
        hours: fields.hours,
        match: fields.match,
        conditions: json(fields.conditions),
        actions: json(fields.actions),
        updated_at: at,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteTimeRule(workspaceId: string, id: string) {
    const result = await this.db
      .deleteFrom('automation_time_rules')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Conversations that have been in `status` since at least `enteredBefore` and that this rule
   * has not acted on in this stay. A stay starts at the last change into the status (or at
   * creation); a conversation that leaves and comes back starts a new one.
   */
  async timeRuleCandidates(input: {
    workspaceId: string;
    ruleId: string;
    status: string;
    enteredBefore: Date;
    limit: number;
  }) {
    const result = await sql<{ id: string; period_start: Date }>`
      select s.id, s.period_start from (
        select c.id, coalesce((
          select max(e.created_at) from conversation_events e
          where e.conversation_id = c.id and e.type = 'status.changed'
            and e.data->>'to' = c.status
        ), c.created_at) as period_start
        from conversations c
        where c.workspace_id = ${input.workspaceId} and c.status = ${input.status}
          and c.merged_into_id is null
      ) s
      where s.period_start <= ${input.enteredBefore}
        and not exists (
          select from automation_time_rule_runs r
          where r.rule_id = ${input.ruleId} and r.conversation_id = s.id
            and r.period_start = s.period_start
        )
      order by s.period_start, s.id
      limit ${input.limit}`.execute(this.db);
    return result.rows;
  }

  /** The "true only once" guard: false when this (rule, conversation, stay) already ran. */
  async markTimeRuleRun(row: {
    ruleId: string;
    conversationId: string;
    periodStart: Date;
    workspaceId: string;
    at: Date;
  }) {
    const result = await this.db
      .insertInto('automation_time_rule_runs')
      .values({
        rule_id: row.ruleId,
        conversation_id: row.conversationId,
        period_start: row.periodStart,
        workspace_id: row.workspaceId,
        applied_at: row.at,
      })
      .onConflict((oc) => oc.columns(['rule_id', 'conversation_id', 'period_start']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** What conditions need beyond the conversation row: the customer and the workspace zone. */
  async conditionFacts(workspaceId: string, conversationId: string) {
    const row = await this.db
      .selectFrom('conversations as c')
      .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
      .select([
        'cu.tier',
        'cu.name',
        'w.timezone',
        sql<string[]>`coalesce((
          select array_agg(i.value) from customer_identities i
          where i.customer_id = cu.id and i.kind = 'email'), '{}')`.as('emails'),
      ])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', '=', conversationId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Turns a trigger or time rule off (a webhook receiver answered 410 Gone). */
  async disableRule(workspaceId: string, kind: 'trigger' | 'time_rule', id: string, at: Date) {
    const table = kind === 'trigger' ? 'automation_triggers' : 'automation_time_rules';
    const result = await this.db
      .updateTable(table)
      .set({ enabled: false, updated_at: at })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('enabled', '=', true)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  findMessage(workspaceId: string, id: string) {
    return this.db
      .selectFrom('messages')
      .select(messageColumns)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The flags of the conversation's latest inbound mail (`auto_submitted`: an automatic one). */
  async lastInboundMailFlags(conversationId: string): Promise<string[] | null> {
    const row = await this.db
      .selectFrom('email_messages')
      .select('flags')
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'inbound')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.flags ?? null;
  }

  async webhookSecret(workspaceId: string) {
    const row = await this.db
      .selectFrom('automation_settings')
      .select('webhook_secret')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row?.webhook_secret ?? null;
  }

  /** Stores the secret unless one exists; returns the one in force. */
  async ensureWebhookSecret(workspaceId: string, secret: string, at: Date) {
    await this.db
      .insertInto('automation_settings')
      .values({ workspace_id: workspaceId, webhook_secret: secret, created_at: at })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .execute();
    return (await this.webhookSecret(workspaceId))!;
  }
}
