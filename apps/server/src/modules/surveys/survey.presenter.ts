import type {
  SurveyRequest,
  SurveyResponseItem,
  SurveySettings,
  VisitorSurvey,
} from '@kefu/contracts';
import type {
  SurveyReasonJson,
  SurveyRequestRow,
  SurveyResponseRow,
  SurveySettingsRow,
} from '../../db/schema-surveys.ts';
import type { SurveyResult } from '../../repositories/survey.repository.ts';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

export function presentSurveySettings(row: SurveySettingsRow): SurveySettings {
  return {
    csatEnabled: row.csat_enabled,
    csatScale: row.csat_scale,
    csatReasons: row.csat_reasons,
    csatComment: row.csat_comment,
    npsEnabled: row.nps_enabled,
    npsMode: row.nps_mode,
    npsIntervalDays: row.nps_interval_days,
    cesEnabled: row.ces_enabled,
    channels: row.channels.filter((c): c is 'chat' | 'email' => c === 'chat' || c === 'email'),
    delayMinutes: row.delay_minutes,
    windowDays: row.window_days,
  };
}

/** A request with its answer (the columns `forConversation` adds, or a response row). */
export function presentSurveyRequest(
  row: SurveyRequestRow,
  response: Pick<
    SurveyResponseRow,
    | 'score'
    | 'rating'
    | 'reasons'
    | 'comment'
    | 'agent_id'
    | 'team_id'
    | 'answered_at'
    | 'updated_at'
  > | null,
  /** The workspace's CSAT reasons, for the picked ones' text. */
  catalog: SurveyReasonJson[] = [],
): SurveyRequest {
  return {
    id: row.id,
    kind: row.kind,
    conversationId: row.conversation_id,
    customerId: row.customer_id,
    channel: row.channel,
    agentId: row.agent_id,
    teamId: row.team_id,
    scale: row.scale,
    locale: row.locale === 'zh-CN' ? 'zh-CN' : 'en',
    status: row.status,
    sentAt: isoOrNull(row.sent_at),
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    response: response
      ? {
          score: response.score,
          rating: response.rating,
          reasons: response.reasons,
          reasonLabels: response.reasons.map(
            (id) => catalog.find((r) => r.id === id) ?? { id, en: id, zh: id },
          ),
          comment: response.comment,
          agentId: response.agent_id,
          teamId: response.team_id,
          answeredAt: iso(response.answered_at),
          updatedAt: iso(response.updated_at),
        }
      : null,
  };
}

/** The rows `SurveyRepository.forConversation` returns, as API objects. */
export function presentConversationSurveys(
  catalog: SurveyReasonJson[],
  rows: Awaited<
    ReturnType<
      import('../../repositories/survey.repository.ts').SurveyRepository['forConversation']
    >
  >,
): SurveyRequest[] {
  return rows.map((row) =>
    presentSurveyRequest(
      row,
      row.score === null || row.rating === null || row.answered_at === null
        ? null
        : {
            score: row.score,
            rating: row.rating,
            reasons: row.reasons ?? [],
            comment: row.comment,
            agent_id: row.rated_agent_id,
            team_id: row.rated_team_id,
            answered_at: row.answered_at,
            updated_at: row.answer_updated_at ?? row.answered_at,
          },
      catalog,
    ),
  );
}

export function presentSurveyResult(result: SurveyResult): SurveyResponseItem {
  return {
    ...result,
    answeredAt: result.answeredAt.toISOString(),
    updatedAt: result.updatedAt.toISOString(),
  };
}

export function presentVisitorSurvey(
  request: SurveyRequestRow,
  response: Pick<SurveyResponseRow, 'score' | 'reasons' | 'comment'> | null,
  context: { settings: SurveySettingsRow; workspaceName: string; open: boolean },
): VisitorSurvey {
  const isCsat = request.kind === 'csat';
  return {
    id: request.id,
    kind: request.kind,
    scale: request.scale,
    workspaceName: context.workspaceName,
    reasons: isCsat ? context.settings.csat_reasons : [],
    commentEnabled: !isCsat || context.settings.csat_comment,
    open: context.open,
    expiresAt: iso(request.expires_at),
    response: response
      ? { score: response.score, reasons: response.reasons, comment: response.comment }
      : null,
  };
}
