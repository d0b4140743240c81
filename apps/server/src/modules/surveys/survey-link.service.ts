import type { SurveyRequestRow } from '../../db/schema-surveys.ts';
import { AppError } from '../../lib/errors.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { type AnswerInput, type SurveyAnswers, closedReason } from './survey-answers.ts';
import {
  type SignedScore,
  isValidSurveySignature,
  linkExpiry,
  surveySignature,
} from './survey-links.ts';
import {
  type SurveyLocale,
  questionOf,
  scoreLabels,
  surveyLocale,
  surveyText,
} from './survey-text.ts';

/** What the survey page shows: the question, the scores, the current answer and a form token. */
export interface SurveyPageView {
  requestId: string;
  locale: SurveyLocale;
  workspaceName: string;
  question: string;
  scores: { score: number; label: string }[];
  reasons: { id: string; label: string }[];
  commentEnabled: boolean;
  answer: { score: number; reasons: string[]; comment: string | null } | null;
  /** The expiry and `any` signature the page's form posts back. */
  form: { expires: number; signature: string };
}

/** The outcome of opening or posting a survey link; the page renders each one. */
export type SurveyLinkOutcome =
  | { kind: 'invalid' }
  | { kind: 'closed'; locale: SurveyLocale }
  | { kind: 'bad_input'; view: SurveyPageView; message: string }
  | { kind: 'answered' | 'open'; view: SurveyPageView };

export interface SignedLinkInput {
  score: SignedScore;
  expires: number;
  signature: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The customer's side of a survey mail: a signed link (request id, score, expiry, HMAC with the
 * workspace's secret) opens the page and, with a score, records it in one click; the page's form
 * (signed for `any` score) adds reasons and a comment or changes the score while the survey is
 * open. A link whose signature does not verify is refused before anything is written.
 */
export class SurveyLinkService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly answers: SurveyAnswers,
  ) {}

  /** Opens a link: records its score when it carries one, then shows the page. */
  open(requestId: string, link: SignedLinkInput): Promise<SurveyLinkOutcome> {
    const input = link.score === 'any' ? null : { score: link.score };
    return this.handle(requestId, link, input);
  }

  /** The page's form: a score (required), reasons and a comment. */
  submit(requestId: string, link: SignedLinkInput, input: AnswerInput): Promise<SurveyLinkOutcome> {
    return this.handle(requestId, { ...link, score: 'any' }, input);
  }

  private async handle(
    requestId: string,
    link: SignedLinkInput,
    input: AnswerInput | null,
  ): Promise<SurveyLinkOutcome> {
    if (!uuid.test(requestId)) return { kind: 'invalid' };
    const now = this.deps.clock.now();
    try {
      return await this.deps.uow.transaction(async (scope) => {
        const { repos } = scope;
        const request = await repos.surveys.findRequestForAnswer(null, requestId);
        const settings = request && (await repos.surveys.settings(request.workspace_id));
        if (
          !request ||
          !settings ||
          !isValidSurveySignature(
            settings.link_secret,
            request.id,
            link.score,
            link.expires,
            link.signature,
          )
        )
          return { kind: 'invalid' } as const;
        const locale = surveyLocale(request.locale);
        const conversation = await repos.conversations.find(
          request.workspace_id,
          request.conversation_id,
        );
        if (link.expires * 1000 <= now.getTime() || closedReason(request, conversation, now))
          return { kind: 'closed', locale } as const;
        if (input) await this.answers.answerIn(scope, request, input, null);
        const workspace = await repos.workspaces.findWorkspace(request.workspace_id);
        const response = await repos.surveys.findResponse(request.workspace_id, request.id);
        const view = this.view(request, settings, workspace?.name ?? '', response ?? null);
        return { kind: input ? 'answered' : 'open', view } as const;
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'survey_closed') {
        return { kind: 'closed', locale: 'en' };
      }
      if (error instanceof AppError && error.code === 'validation_failed') {
        const outcome = await this.handle(requestId, { ...link, score: 'any' }, null).catch(
          () => null,
        );
        if (outcome?.kind === 'open')
          return { kind: 'bad_input', view: outcome.view, message: error.message };
      }
      throw error;
    }
  }

  private view(
    request: SurveyRequestRow,
    settings: {
      link_secret: string;
      csat_reasons: { id: string; en: string; zh: string }[];
      csat_comment: boolean;
    },
    workspaceName: string,
    response: { score: number; reasons: string[]; comment: string | null } | null,
  ): SurveyPageView {
    const locale = surveyLocale(request.locale);
    const t = surveyText(locale);
    const expires = linkExpiry(new Date(request.expires_at));
    const isCsat = request.kind === 'csat';
    return {
      requestId: request.id,
      locale,
      workspaceName,
      question: questionOf(t, request.kind, workspaceName),
      scores: scoreLabels(t, request.kind, request.scale),
      reasons: isCsat
        ? settings.csat_reasons.map((r) => ({ id: r.id, label: locale === 'zh-CN' ? r.zh : r.en }))
        : [],
      commentEnabled: !isCsat || settings.csat_comment,
      answer: response
        ? { score: response.score, reasons: response.reasons, comment: response.comment }
        : null,
      form: {
        expires,
        signature: surveySignature(settings.link_secret, request.id, 'any', expires),
      },
    };
  }
}
