import { sql } from 'kysely';
import type {
  SurveyDelivery,
  SurveyKind,
  SurveyRating,
  SurveyReasonJson,
  SurveyRequestRow,
  SurveySettingsRow,
} from '../db/schema-surveys.ts';
import {
  type ReportFilters,
  attributionWhere,
  bucketOf,
  tunedForReport,
  whereOf,
} from './analytics-report.repository.ts';
import { type Executor, json } from './executor.ts';

export interface SurveySettingsFields {
  csatEnabled: boolean;
  csatScale: 2 | 3 | 5;
  csatReasons: SurveyReasonJson[];
  csatComment: boolean;
  npsEnabled: boolean;
  npsMode: 'transactional' | 'periodic';
  npsIntervalDays: number;
  cesEnabled: boolean;
  channels: string[];
  delayMinutes: number;
  windowDays: number;
}

export interface NewSurveyRequest {
  id: string;
  workspaceId: string;
  kind: SurveyKind;
  conversationId: string;
  customerId: string;
  channel: SurveyDelivery;
  agentId: string | null;
  teamId: string | null;
  scale: number;
  locale: string;
  status: 'pending' | 'sent';
  sentAt: Date | null;
  expiresAt: Date;
  at: Date;
}

export interface SurveyAnswer {
  request: SurveyRequestRow;
  agentId: string | null;
  teamId: string | null;
  score: number;
  rating: SurveyRating;
  reasons: string[];
  comment: string | null;
  locale: string;
  at: Date;
}

/**
 * One survey response with its attribution, as reports read it (analytics, the survey
 * report): the agent and team are the conversation's at the time of the rating.
 */
export interface SurveyResult {
  requestId: string;
  kind: SurveyKind;
  conversationId: string;
  conversationNumber: number;
  customerId: string;
  channel: SurveyDelivery;
  agentId: string | null;
  teamId: string | null;
  score: number;
  scale: number;
  rating: SurveyRating;
  reasons: string[];
  comment: string | null;
  locale: string;
  answeredAt: Date;
  updatedAt: Date;
}

/** Responses counted by kind, score, rating, agent and team (the survey report's input). */
export interface SurveyRatingCount {
  kind: SurveyKind;
  agentId: string | null;
  teamId: string | null;
  score: number;
  rating: SurveyRating;
  count: number;
}

const resultColumns = [
  'r.request_id as requestId',
  'r.kind',
  'r.conversation_id as conversationId',
  'c.number as conversationNumber',
  'r.customer_id as customerId',
  'r.channel',
  'r.agent_id as agentId',
  'r.team_id as teamId',
  'r.score',
  'r.scale',
  'r.rating',
  'r.reasons',
  'r.comment',
  'r.locale',
  'r.answered_at as answeredAt',
  'r.updated_at as updatedAt',
] as const;

/** Survey settings, requests and responses. Every query is filtered by workspace. */
export class SurveyRepository {
  constructor(private readonly db: Executor) {}

  settings(workspaceId: string): Promise<SurveySettingsRow | undefined> {
    return this.db
      .selectFrom('survey_settings')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
  }

  /** The workspace's settings, created with the defaults (all surveys off) on first use. */
  async ensureSettings(workspaceId: string, linkSecret: string, at: Date) {
    await this.db
      .insertInto('survey_settings')
      .values({ workspace_id: workspaceId, link_secret: linkSecret, updated_at: at })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .execute();
    return (await this.settings(workspaceId))!;
  }

  async saveSettings(workspaceId: string, fields: SurveySettingsFields, at: Date) {
    return this.db
      .updateTable('survey_settings')
      .set({
        csat_enabled: fields.csatEnabled,
        csat_scale: fields.csatScale,
        csat_reasons: json(fields.csatReasons),
        csat_comment: fields.csatComment,
        nps_enabled: fields.npsEnabled,
        nps_mode: fields.npsMode,
        nps_interval_days: fields.npsIntervalDays,
        ces_enabled: fields.cesEnabled,
        channels: json(fields.channels),
        delay_minutes: fields.delayMinutes,
        window_days: fields.windowDays,
        updated_at: at,
      })
      .where('workspace_id', '=', workspaceId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Inserts a request unless the conversation already has one of this kind (then null). */
  async insertRequest(input: NewSurveyRequest): Promise<SurveyRequestRow | null> {
    const row = await this.db
      .insertInto('survey_requests')
      .values({
        id: input.id,
        workspace_id: input.workspaceId,
        kind: input.kind,
        conversation_id: input.conversationId,
        customer_id: input.customerId,
        channel: input.channel,
        agent_id: input.agentId,
        team_id: input.teamId,
        scale: input.scale,
        locale: input.locale,
        status: input.status,
        sent_at: input.sentAt,
        expires_at: input.expiresAt,
        created_at: input.at,
      })
      .onConflict((oc) => oc.columns(['conversation_id', 'kind']).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  findRequest(workspaceId: string, id: string) {
    return this.db
      .selectFrom('survey_requests')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * A request, locked for an answer. A signed link names only the request (`workspaceId`
   * null): its signature is then checked with that request's workspace secret before anything
   * else is read or written.
   */
  findRequestForAnswer(workspaceId: string | null, id: string) {
    let query = this.db.selectFrom('survey_requests').selectAll().where('id', '=', id);
    if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
    return query.forUpdate().executeTakeFirst();
  }

  findRequestOfConversation(workspaceId: string, conversationId: string, kind: SurveyKind) {
    return this.db
      .selectFrom('survey_requests')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', '=', conversationId)
      .where('kind', '=', kind)
      .executeTakeFirst();
  }

  /** Moves a request on; an answered request stays answered (a mail sent again after a crash). */
  async setRequestStatus(
    workspaceId: string,
    id: string,
    status: 'sent' | 'failed' | 'answered',
    at: Date,
  ) {
    let query = this.db
      .updateTable('survey_requests')
      .set({ status, ...(status === 'sent' ? { sent_at: at } : {}) })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id);
    if (status !== 'answered') query = query.where('status', '!=', 'answered');
    await query.execute();
  }

  /**
   * Locks the customer row so that two solves of one customer's conversations decide the
   * periodic NPS one after the other (the second sees the first's request).
   */
  async lockCustomer(workspaceId: string, customerId: string) {
    await this.db
      .selectFrom('customers')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', customerId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** When this customer was last asked a survey of this kind (null: never). */
  async lastAskedAt(workspaceId: string, customerId: string, kind: SurveyKind) {
    const row = await this.db
      .selectFrom('survey_requests')
      .select((eb) => eb.fn.max('created_at').as('last'))
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', customerId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row?.last ? new Date(row.last) : null;
  }

  /** Records the one answer of a request, or replaces it (first answer time kept). */
  async saveResponse(answer: SurveyAnswer) {
    const { request } = answer;
    return this.db
      .insertInto('survey_responses')
      .values({
        request_id: request.id,
        workspace_id: request.workspace_id,
        kind: request.kind,
        conversation_id: request.conversation_id,
        customer_id: request.customer_id,
        channel: request.channel,
        agent_id: answer.agentId,
        team_id: answer.teamId,
        score: answer.score,
        scale: request.scale,
        rating: answer.rating,
        reasons: json(answer.reasons),
        comment: answer.comment,
        locale: answer.locale,
        answered_at: answer.at,
        updated_at: answer.at,
      })
      .onConflict((oc) =>
        oc.column('request_id').doUpdateSet((eb) => ({
          agent_id: eb.ref('excluded.agent_id'),
          team_id: eb.ref('excluded.team_id'),
          score: eb.ref('excluded.score'),
          rating: eb.ref('excluded.rating'),
          reasons: eb.ref('excluded.reasons'),
          comment: eb.ref('excluded.comment'),
          locale: eb.ref('excluded.locale'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findResponse(workspaceId: string, requestId: string) {
    return this.db
      .selectFrom('survey_responses')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
  }

  /** A conversation's survey requests, oldest first, each with its response if any. */
  async forConversation(workspaceId: string, conversationId: string) {
    return this.db
      .selectFrom('survey_requests as q')
      .leftJoin('survey_responses as r', 'r.request_id', 'q.id')
      .selectAll('q')
      .select([
        'r.score',
        'r.rating',
        'r.reasons',
        'r.comment',
        'r.agent_id as rated_agent_id',
        'r.team_id as rated_team_id',
        'r.answered_at',
        'r.updated_at as answer_updated_at',
      ])
      .where('q.workspace_id', '=', workspaceId)
      .where('q.conversation_id', '=', conversationId)
      .orderBy('q.created_at')
      .orderBy('q.id')
      .execute();
  }

  /**
   * Survey results first answered in [from, to), newest first, with the agent and team at the
   * time of the rating. Reports and dashboards read responses through this method.
   */
  async results(
    workspaceId: string,
    range: {
      from: Date;
      to: Date;
      kinds?: SurveyKind[];
      /** Only responses with a comment (a report's verbatims). */
      withComment?: boolean;
      /** A report's slices (see `ratingCounts`); merged conversations are then left out. */
      slices?: ReportFilters;
      limit?: number;
      before?: Cursor;
    },
  ): Promise<SurveyResult[]> {
    let query = this.db
      .selectFrom('survey_responses as r')
      .innerJoin('conversations as c', 'c.id', 'r.conversation_id')
      .select(resultColumns)
      .where('r.workspace_id', '=', workspaceId)
      .where('r.answered_at', '>=', range.from)
      .where('r.answered_at', '<', range.to);
    if (range.kinds?.length) query = query.where('r.kind', 'in', range.kinds);
    if (range.slices) {
      const slices = range.slices;
      // conversation_facts is read by raw SQL only (it has no table type): one lookup by key.
      query = query.where(sql<boolean>`exists (select 1 from conversation_facts f
          where f.conversation_id = r.conversation_id
            and ${whereOf(workspaceId, slices, { attributed: true })})
        and ${attributionWhere('r', slices)}`);
    }
    if (range.withComment) query = query.where('r.comment', 'is not', null);
    if (range.before) {
      const { at, id } = range.before;
      query = query.where((eb) =>
        eb.or([
          eb('r.answered_at', '<', at),
          eb.and([eb('r.answered_at', '=', at), eb('r.request_id', '<', id)]),
        ]),
      );
    }
    if (range.limit) query = query.limit(range.limit);
    const rows = await query
      .orderBy('r.answered_at', 'desc')
      .orderBy('r.request_id', 'desc')
      .execute();
    return rows.map((r) => ({
      ...r,
      answeredAt: new Date(r.answeredAt),
      updatedAt: new Date(r.updatedAt),
    }));
  }

  /**
   * Responses first answered in [from, to), counted per kind, score, agent and team (`overall`)
   * and per bucket of the first answer (in the workspace's zone), kind and score (`perBucket`),
   * both from one pass (grouping sets). Sliced as every report (`whereOf`): channel, priority,
   * tag, tier and language are the conversation's facts now; agent and team are the response's
   * own, the conversation's at the rating (metrics.md §4 attribution). Merged conversations are
   * left out, as in the other reports, so a number and its drill-down agree. The range index
   * survey_responses_range finds the rows; each probes its facts row by primary key. The probe
   * is a `lateral … limit 1` so the planner cannot turn it into a hash join over a sequential
   * scan of all the workspace's facts (what it picks for a plain join): the cost follows the
   * responses in the range, not the table.
   */
  async ratingCounts(
    workspaceId: string,
    range: { from: Date; to: Date },
    slices: ReportFilters,
    bucket: { unit: 'hour' | 'day' | 'week' | 'month'; timezone: string },
  ): Promise<{ overall: SurveyRatingCount[]; perBucket: (SurveyRatingCount & { key: string })[] }> {
    const result = await tunedForReport(this.db, (db) =>
      sql<SurveyRatingCount & { key: string | null; bucketed: boolean }>`
      select x.key, x.kind, x.agent_id as "agentId", x.team_id as "teamId", x.score, x.rating,
        count(*)::int as count, grouping(x.key) = 0 as bucketed
      from (
        select ${bucketOf(bucket.unit, bucket.timezone, 'r.answered_at')} as key, r.kind,
          r.agent_id, r.team_id, r.score, r.rating
        from survey_responses r
          cross join lateral (select 1 from conversation_facts f
            where f.conversation_id = r.conversation_id
              and ${whereOf(workspaceId, slices, { attributed: true })} limit 1) facts
        where r.workspace_id = ${workspaceId}
          and r.answered_at >= ${range.from} and r.answered_at < ${range.to}
          and ${attributionWhere('r', slices)}
      ) x
      group by grouping sets ((x.kind, x.agent_id, x.team_id, x.score, x.rating),
        (x.key, x.kind, x.score, x.rating))`.execute(db),
    );
    const overall: SurveyRatingCount[] = [];
    const perBucket: (SurveyRatingCount & { key: string })[] = [];
    for (const { bucketed, key, ...row } of result.rows)
      if (bucketed) perBucket.push({ ...row, key: key! });
      else overall.push(row);
    return { overall, perBucket };
  }
}

/** A position in the newest-first list of results. */
export interface Cursor {
  at: Date;
  id: string;
}
