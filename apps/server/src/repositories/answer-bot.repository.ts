import { sql } from 'kysely';
import type {
  BotOutcomeValue,
  BotSessionRow,
  BotSettingsRow,
  BotTurnRow,
  AnswerBotTurnsTable,
} from '../db/schema-answer-bot.ts';
import type { Insertable, Updateable } from 'kysely';
import type { AnswerBotSettingsTable } from '../db/schema-answer-bot.ts';
import {
  type ReportFilters,
  bucketOf,
  tunedForReport,
  whereOf,
} from './analytics-report.repository.ts';
import { type Executor, json } from './executor.ts';

export type NewBotTurn = Omit<Insertable<AnswerBotTurnsTable>, 'citations'> & {
  citations: Array<{ id: string; title: string; url: string | null }>;
};

/** Counts of bot sessions per outcome, and of all new conversations, in a time range. */
export interface BotOutcomeCounts {
  newConversations: number;
  byOutcome: Record<BotOutcomeValue, number>;
}

/** The answer bot's settings, sessions and turns; every statement filtered by workspace. */
export class AnswerBotRepository {
  constructor(private readonly db: Executor) {}

  settings(workspaceId: string): Promise<BotSettingsRow | undefined> {
    return this.db
      .selectFrom('answer_bot_settings')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
  }

  async saveSettings(
    workspaceId: string,
    changes: Omit<Updateable<AnswerBotSettingsTable>, 'workspace_id'>,
    now: Date,
  ): Promise<BotSettingsRow> {
    return this.db
      .insertInto('answer_bot_settings')
      .values({ workspace_id: workspaceId, ...changes, updated_at: now })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...changes, updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  insertSession(row: {
    id: string;
    workspace_id: string;
    conversation_id: string;
    customer_id: string;
    started_at: Date;
  }): Promise<BotSessionRow> {
    return this.db
      .insertInto('answer_bot_sessions')
      .values({ ...row, outcome: 'pending' })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The session of a conversation, locked for the caller's transaction. */
  sessionForUpdate(
    workspaceId: string,
    conversationId: string,
  ): Promise<BotSessionRow | undefined> {
    return this.db
      .selectFrom('answer_bot_sessions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * Of these conversations, the ones the bot still holds: a session not handed over to a person,
   * with no agent assigned and the conversation neither closed nor merged.
   */
  async heldConversations(workspaceId: string, conversationIds: string[]): Promise<Set<string>> {
    if (conversationIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('answer_bot_sessions as s')
      .innerJoin('conversations as c', 'c.id', 's.conversation_id')
      .select('s.conversation_id')
      .where('s.workspace_id', '=', workspaceId)
      .where('s.conversation_id', 'in', conversationIds)
      .where('s.outcome', '!=', 'handed_over')
      .where('c.assignee_id', 'is', null)
      .where('c.merged_into_id', 'is', null)
      .where('c.status', '!=', 'closed')
      .execute();
    return new Set(rows.map((row) => row.conversation_id));
  }

  updateSession(
    id: string,
    changes: Partial<
      Pick<BotSessionRow, 'outcome' | 'last_answer_at' | 'settled_at' | 'returned_at'>
    >,
  ): Promise<BotSessionRow> {
    return this.db
      .updateTable('answer_bot_sessions')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * The customer's sessions whose resolution is still open to a return: pending or assumed,
   * with an answer since `since` (the start of the window), other than `exceptConversation`.
   */
  returnableSessions(
    workspaceId: string,
    customerId: string,
    since: Date,
    exceptConversation: string | null,
  ): Promise<BotSessionRow[]> {
    let query = this.db
      .selectFrom('answer_bot_sessions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', customerId)
      .where('outcome', 'in', ['pending', 'assumed'])
      .where('last_answer_at', '>=', since)
      .forUpdate();
    if (exceptConversation) query = query.where('conversation_id', '!=', exceptConversation);
    return query.execute();
  }

  async insertTurn(turn: NewBotTurn): Promise<BotTurnRow> {
    return this.db
      .insertInto('answer_bot_turns')
      .values({ ...turn, citations: json(turn.citations) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  turns(sessionId: string): Promise<BotTurnRow[]> {
    return this.db
      .selectFrom('answer_bot_turns')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** A turn with its session's conversation and customer, locked. */
  turnForUpdate(workspaceId: string, turnId: string) {
    return this.db
      .selectFrom('answer_bot_turns as t')
      .innerJoin('answer_bot_sessions as s', 's.id', 't.session_id')
      .selectAll('t')
      .select(['s.conversation_id', 's.customer_id'])
      .where('t.workspace_id', '=', workspaceId)
      .where('t.id', '=', turnId)
      .forUpdate()
      .executeTakeFirst();
  }

  setHelpful(turnId: string, helpful: boolean): Promise<BotTurnRow> {
    return this.db
      .updateTable('answer_bot_turns')
      .set({ helpful })
      .where('id', '=', turnId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Sessions started in [from, to) per outcome, and the conversations created in that range,
   * per bucket (sessions by start, conversations by creation, in the workspace's zone). Both read conversation_facts with the slices of every report (`whereOf`: the
   * conversation's channel, team, agent, priority, tags, tier and language now; merged ones
   * left out), so the rates have the same denominator as the overview's "created". Sessions
   * come through answer_bot_sessions_started and each probes its facts row by primary key
   * (`lateral … limit 1`: no hash join over a sequential scan of the facts); new conversations
   * through conversation_facts_created. Neither reads messages.
   */
  async outcomeCounts(
    workspaceId: string,
    from: Date,
    to: Date,
    slices: ReportFilters,
    bucket: { unit: 'hour' | 'day' | 'week' | 'month'; timezone: string },
  ): Promise<(BotOutcomeCounts & { key: string })[]> {
    const keyOf = (column: string) => bucketOf(bucket.unit, bucket.timezone, column);
    const { sessions, conversations } = await tunedForReport(this.db, async (db) => ({
      sessions: await sql<{ key: string; outcome: BotOutcomeValue; count: number }>`
        select ${keyOf('s.started_at')} as key, s.outcome, count(*)::int as count
        from answer_bot_sessions s
          cross join lateral (select 1 from conversation_facts f
            where f.conversation_id = s.conversation_id and ${whereOf(workspaceId, slices)}
            limit 1) facts
        where s.workspace_id = ${workspaceId} and s.started_at >= ${from} and s.started_at < ${to}
        group by 1, 2`.execute(db),
      conversations: await sql<{ key: string; count: number }>`
        select ${keyOf('f.created_at')} as key, count(*)::int as count
        from conversation_facts f
        where ${whereOf(workspaceId, slices)} and f.created_at >= ${from} and f.created_at < ${to}
        group by 1`.execute(db),
    }));
    const groups = new Map<string, BotOutcomeCounts & { key: string }>();
    const group = (key: string) => {
      let counts = groups.get(key);
      if (!counts) {
        counts = {
          key,
          newConversations: 0,
          byOutcome: { pending: 0, confirmed: 0, assumed: 0, handed_over: 0, unanswered: 0 },
        };
        groups.set(key, counts);
      }
      return counts;
    };
    for (const row of sessions.rows) group(row.key).byOutcome[row.outcome] = row.count;
    for (const row of conversations.rows) group(row.key).newConversations = row.count;
    return [...groups.values()];
  }

  /** Questions the bot declined in [from, to), newest first (at most `limit`). */
  unansweredQuestions(
    workspaceId: string,
    from: Date,
    to: Date,
    locale: string | null,
    limit: number,
  ) {
    let query = this.db
      .selectFrom('answer_bot_turns')
      .select(['question', 'locale', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('answered', '=', false)
      .where('created_at', '>=', from)
      .where('created_at', '<', to);
    if (locale) query = query.where('locale', '=', locale);
    return query.orderBy('created_at', 'desc').limit(limit).execute();
  }
}
