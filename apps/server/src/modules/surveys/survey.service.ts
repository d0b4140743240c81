import type {
  CreateSurveyRequestBody,
  SubmitSurveyResponseBody,
  SurveyReport,
  SurveyReportQuery,
  SurveyResponsesQuery,
  UpdateSurveySettingsBody,
} from '@kefu/contracts';
import type { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { bucketsOf, filtersOf } from '../analytics/analytics.service.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policies.ts';
import type { VisitorActor } from '../widget/visitor-session.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { type SurveyAnswers, closedReason, settingsIn } from './survey-answers.ts';
import { linkExpiry, surveyLink } from './survey-links.ts';
import {
  presentConversationSurveys,
  presentSurveyRequest,
  presentSurveyResult,
  presentSurveySettings,
  presentVisitorSurvey,
} from './survey.presenter.ts';
import { scoresBy, scoresOf } from './survey-report.ts';
import { scaleOf, scoreRange } from './survey-scores.ts';
import { surveyLocale } from './survey-text.ts';

const dayMs = 86_400_000;
const commentsInReport = 50;

/** Range checks shared by the list and the report: from before to, at most two years. */
function checkRange(from: string, to: string) {
  const start = new Date(from);
  const end = new Date(to);
  if (!(start < end))
    throw new AppError('validation_failed', 'to: must be after from', { field: 'to' });
  if (end.getTime() - start.getTime() > 731 * dayMs)
    throw new AppError('validation_failed', 'to: a range is at most two years', { field: 'to' });
  return { from: start, to: end };
}

/** Brings a workspace's conversation facts up to date (the analytics refresher). */
export interface FactsRefresh {
  refresh(workspaceId: string): Promise<unknown>;
}

/** At most this many days in a report grouped by hour (as the analytics reports). */
const maxHourDays = 31;

/**
 * Survey settings (supervisors), surveys for other channels (API clients create a request and
 * submit the customer's answer), the surveys of a conversation, responses and the report.
 */
export class SurveyService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly answers: SurveyAnswers,
    private readonly facts: FactsRefresh,
  ) {}

  async settings(actor: Actor) {
    authorize(actor, 'supervisor');
    const row = await this.deps.uow.transaction(({ repos }) =>
      settingsIn(repos, actor.workspaceId, this.deps.clock.now()),
    );
    return presentSurveySettings(row);
  }

  async updateSettings(actor: Actor, input: z.output<typeof UpdateSurveySettingsBody>) {
    authorize(actor, 'supervisor');
    const now = this.deps.clock.now();
    return this.deps.uow.transaction(async ({ repos }) => {
      const before = presentSurveySettings(await settingsIn(repos, actor.workspaceId, now));
      const row = await repos.surveys.saveSettings(
        actor.workspaceId,
        { ...input, channels: [...new Set(input.channels)] },
        now,
      );
      const after = presentSurveySettings(row);
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'survey_settings.updated',
        targetType: 'survey_settings',
        targetId: actor.workspaceId,
        data: { before, after },
      });
      return after;
    });
  }

  /** A survey for another channel: the API client delivers the links it gets back. */
  async createRequest(actor: Actor, input: z.output<typeof CreateSurveyRequestBody>) {
    authorize(actor, 'conversations:write');
    const ws = actor.workspaceId;
    const now = this.deps.clock.now();
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.conversations.findForUpdate(ws, input.conversationId);
      if (!row)
        throw new AppError('validation_failed', 'conversationId: no such conversation', {
          field: 'conversationId',
        });
      if (row.status === 'closed' || row.merged_into_id)
        throw new AppError('conflict', 'The conversation is closed: it takes no survey');
      const settings = await settingsIn(repos, ws, now);
      const customer = await repos.customers.find(ws, row.customer_id);
      const workspace = await repos.workspaces.findWorkspace(ws);
      const request = await repos.surveys.insertRequest({
        id: this.deps.ids(),
        workspaceId: ws,
        kind: input.kind,
        conversationId: row.id,
        customerId: row.customer_id,
        channel: 'api',
        agentId: row.assignee_id,
        teamId: row.team_id,
        scale: scaleOf(input.kind, settings.csat_scale),
        locale: input.locale ?? surveyLocale(customer?.locale, workspace?.default_locale),
        status: 'sent',
        sentAt: now,
        expiresAt: new Date(now.getTime() + settings.window_days * dayMs),
        at: now,
      });
      if (!request)
        throw new AppError(
          'already_exists',
          `This conversation already has a ${input.kind} survey`,
          {
            field: 'kind',
          },
        );
      const expires = linkExpiry(new Date(request.expires_at));
      const { min, max } = scoreRange(request.kind, request.scale);
      const links = Array.from({ length: max - min + 1 }, (_, i) => ({
        score: min + i,
        url: surveyLink(this.deps.publicUrl, settings.link_secret, request.id, min + i, expires),
      }));
      return { ...presentSurveyRequest(request, null), links };
    });
  }

  async getRequest(actor: Actor, id: string) {
    authorize(actor, 'conversations:read');
    return this.deps.uow.read(async (repos) => {
      const request = await repos.surveys.findRequest(actor.workspaceId, id);
      if (!request) throw notFound('Survey');
      return presentSurveyRequest(
        request,
        (await repos.surveys.findResponse(actor.workspaceId, id)) ?? null,
        (await repos.surveys.settings(actor.workspaceId))?.csat_reasons,
      );
    });
  }

  /** The customer's answer, given through an API client. */
  async respond(actor: Actor, id: string, input: z.output<typeof SubmitSurveyResponseBody>) {
    authorize(actor, 'conversations:write');
    return this.deps.uow.transaction(async (scope) => {
      const request = await this.answers.lockedRequest(scope.repos, actor.workspaceId, id);
      const response = await this.answers.answerIn(scope, request, input, actor);
      const catalog = (await scope.repos.surveys.settings(actor.workspaceId))?.csat_reasons;
      return presentSurveyRequest({ ...request, status: 'answered' }, response, catalog);
    });
  }

  /** The surveys of a conversation with their answers (the details panel). */
  async forConversation(actor: Actor, conversationId: string) {
    authorize(actor, 'conversations:read');
    return this.deps.uow.read(async (repos) => {
      if (!(await repos.conversations.find(actor.workspaceId, conversationId)))
        throw notFound('Conversation');
      return {
        items: presentConversationSurveys(
          (await repos.surveys.settings(actor.workspaceId))?.csat_reasons ?? [],
          await repos.surveys.forConversation(actor.workspaceId, conversationId),
        ),
      };
    });
  }

  /** Responses first given in a range, newest first, a page at a time. */
  async responses(actor: Actor, query: z.output<typeof SurveyResponsesQuery>) {
    authorize(actor, 'supervisor');
    const range = checkRange(query.from, query.to);
    const cursor = decodeCursor(query.cursor);
    const rows = await this.deps.uow.read((repos) =>
      repos.surveys.results(actor.workspaceId, {
        ...range,
        ...(query.kind ? { kinds: [query.kind] } : {}),
        limit: query.limit + 1,
        ...(cursor ? { before: { at: new Date(cursor.value), id: cursor.id } } : {}),
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(presentSurveyResult),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ value: last.answeredAt.toISOString(), id: last.requestId })
          : null,
    };
  }

  /**
   * CSAT %, NPS, CES mean and % agree, overall, per agent and team and per bucket, with the
   * latest comments, sliced as every report (the repository's `ratingCounts`). The facts the
   * slices read are brought up to date first, as before every analytics report.
   */
  async report(actor: Actor, query: z.output<typeof SurveyReportQuery>): Promise<SurveyReport> {
    authorize(actor, 'supervisor');
    const range = checkRange(query.from, query.to);
    if (query.groupBy === 'hour' && range.to.getTime() - range.from.getTime() > maxHourDays * dayMs)
      throw new AppError('validation_failed', `to: a range of at most ${maxHourDays} days`, {
        field: 'to',
      });
    const slices = filtersOf(query);
    await this.facts.refresh(actor.workspaceId);
    const {
      overall: counts,
      perBucket,
      recent,
      timezone,
    } = await this.deps.uow.read(async (repos) => {
      const timezone = (await repos.workspaces.findWorkspace(actor.workspaceId))?.timezone ?? 'UTC';
      return {
        timezone,
        ...(await repos.surveys.ratingCounts(actor.workspaceId, range, slices, {
          unit: query.groupBy,
          timezone,
        })),
        recent: await repos.surveys.results(actor.workspaceId, {
          ...range,
          slices,
          withComment: true,
          limit: commentsInReport,
        }),
      };
    });
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timezone,
      groupBy: query.groupBy,
      overall: scoresOf(counts),
      series: bucketsOf(range, query.groupBy, timezone).map((b) => ({
        ...b,
        ...scoresOf(perBucket.filter((row) => row.key === b.label)),
      })),
      byAgent: scoresBy(counts, 'agentId'),
      byTeam: scoresBy(counts, 'teamId'),
      comments: recent.map(presentSurveyResult),
    };
  }

  /** The widget's surveys of one of the visitor's conversations. */
  async forVisitor(visitor: VisitorActor, conversationId: string) {
    const ws = visitor.workspaceId;
    return this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(ws, conversationId);
      if (!row || row.customer_id !== visitor.customerId) throw notFound('Conversation');
      const settings = await repos.surveys.settings(ws);
      if (!settings) return { items: [] };
      const workspace = await repos.workspaces.findWorkspace(ws);
      const now = this.deps.clock.now();
      const rows = (await repos.surveys.forConversation(ws, conversationId)).filter(
        (r) => r.channel === 'widget',
      );
      return {
        items: rows.map((r) =>
          presentVisitorSurvey(
            r,
            r.score === null
              ? null
              : { score: r.score, reasons: r.reasons ?? [], comment: r.comment },
            {
              settings,
              workspaceName: workspace?.name ?? '',
              open: closedReason(r, row, now) === null,
            },
          ),
        ),
      };
    });
  }

  /** A visitor answers a survey the widget showed them. */
  async respondAsVisitor(
    visitor: VisitorActor,
    id: string,
    input: z.output<typeof SubmitSurveyResponseBody>,
  ) {
    await this.deps.uow.transaction(async (scope) => {
      const request = await this.answers.lockedRequest(scope.repos, visitor.workspaceId, id);
      if (request.customer_id !== visitor.customerId || request.channel !== 'widget')
        throw notFound('Survey');
      await this.answers.answerIn(scope, request, input, visitor);
    });
    const request = await this.deps.uow.read((repos) =>
      repos.surveys.findRequest(visitor.workspaceId, id),
    );
    const { items } = await this.forVisitor(visitor, request!.conversation_id);
    return items.find((s) => s.id === id)!;
  }
}
