import type { SurveyRequestRow, SurveySettingsRow } from '../../db/schema-surveys.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { randomSecret } from '../../lib/secrets.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import { presentConversations } from '../conversations/conversation-query.service.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { ratingOf, scoreRange } from './survey-scores.ts';

/** What a customer sends: a score, and optionally reasons and a comment (kept when absent). */
export interface AnswerInput {
  score: number;
  reasons?: string[] | undefined;
  comment?: string | undefined;
}

/** The workspace's survey settings, created (all surveys off, a fresh link secret) on first use. */
export function settingsIn(repos: Repositories, workspaceId: string, at: Date) {
  return repos.surveys.ensureSettings(workspaceId, randomSecret(32), at);
}

/**
 * Why a request no longer takes answers, or null while it does: its window (expires_at) has
 * passed, or the conversation was closed (Zendesk: never after Closed) or deleted.
 */
export function closedReason(
  request: SurveyRequestRow,
  conversation: { status: string; merged_into_id: string | null } | undefined,
  now: Date,
): string | null {
  if (new Date(request.expires_at) <= now) return 'The time to answer this survey has passed';
  if (!conversation || conversation.status === 'closed' || conversation.merged_into_id)
    return 'The conversation was closed, so the survey no longer takes answers';
  return null;
}

/**
 * Records answers: one response per request, replaced by a later answer inside the window.
 * The response takes the conversation's assignee and team at the time of the rating; the
 * timeline shows it, open views are told (`conversation.updated` with `survey`), and triggers
 * see the rating as an update (conditions on `survey.rating`).
 */
export class SurveyAnswers {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
  ) {}

  /** Answers a request inside the caller's transaction; the request row must be locked. */
  async answerIn(
    scope: TransactionScope,
    request: SurveyRequestRow,
    input: AnswerInput,
    actor: Actor | null,
  ) {
    const { repos } = scope;
    const ws = request.workspace_id;
    const now = this.deps.clock.now();
    const row = await repos.conversations.findForUpdate(ws, request.conversation_id);
    const closed = closedReason(request, row, now);
    if (closed || !row) throw new AppError('survey_closed', closed ?? 'Survey closed');
    const settings = await settingsIn(repos, ws, now);
    this.check(request, settings, input);
    const previous = await repos.surveys.findResponse(ws, request.id);
    const rating = ratingOf(request.kind, request.scale, input.score);
    const response = await repos.surveys.saveResponse({
      request,
      agentId: row.assignee_id,
      teamId: row.team_id,
      score: input.score,
      rating,
      reasons: input.reasons ?? previous?.reasons ?? [],
      comment: input.comment === undefined ? (previous?.comment ?? null) : input.comment || null,
      locale: request.locale,
      at: now,
    });
    await repos.surveys.setRequestStatus(ws, request.id, 'answered', now);
    await this.conversations.recordTimeline(
      repos,
      actor,
      row,
      'survey.answered',
      {
        requestId: request.id,
        kind: request.kind,
        score: input.score,
        scale: request.scale,
        rating,
        ...(previous ? { previousScore: previous.score } : {}),
        ...(response.comment ? { comment: response.comment } : {}),
      },
      now,
    );
    const conversation = (await presentConversations(repos, [row]))[0]!;
    await scope.emit({
      type: 'conversation.updated',
      workspaceId: ws,
      conversationId: row.id,
      internal: false,
      payload: { conversation, changes: ['survey'], previous: countedFieldsOf(row) },
    });
    await this.conversations.runTriggersIn(scope, row, {
      kind: 'updated',
      changes: ['survey'],
      message: null,
      survey: { kind: request.kind, score: input.score, rating },
    });
    return response;
  }

  private check(request: SurveyRequestRow, settings: SurveySettingsRow, input: AnswerInput) {
    const { min, max } = scoreRange(request.kind, request.scale);
    if (!Number.isInteger(input.score) || input.score < min || input.score > max) {
      throw new AppError('validation_failed', `score: between ${min} and ${max} for this survey`, {
        field: 'score',
      });
    }
    if (input.reasons?.length) {
      const known = new Set(settings.csat_reasons.map((r) => r.id));
      const unknown = input.reasons.find((id) => !known.has(id));
      if (request.kind !== 'csat' || unknown !== undefined) {
        throw new AppError('validation_failed', 'reasons: not one of the survey’s reasons', {
          field: 'reasons',
        });
      }
    }
    if (input.comment && request.kind === 'csat' && !settings.csat_comment) {
      throw new AppError('validation_failed', 'comment: this survey takes no comment', {
        field: 'comment',
      });
    }
  }

  /** A request of the actor's workspace, locked for an answer, or not found. */
  async lockedRequest(repos: Repositories, workspaceId: string, id: string) {
    const request = await repos.surveys.findRequestForAnswer(workspaceId, id);
    if (!request) throw notFound('Survey');
    return request;
  }
}
