import {
  CreateSurveyRequestBody,
  CreatedSurveyRequest,
  IdParams,
  SubmitSurveyResponseBody,
  SurveyReport,
  SurveyReportQuery,
  SurveyRequest,
  SurveyRequestList,
  SurveyResponsePage,
  SurveyResponsesQuery,
  SurveySettings,
  UpdateSurveySettingsBody,
  VisitorSurvey,
  VisitorSurveyList,
} from '@kefu/contracts';
import { defineRoute } from '../../http/route.ts';

const tag = 'surveys';

/**
 * Surveys: settings and results for supervisors, and for other channels a request with signed
 * links plus the customer's answer through the API. The widget's two routes check the visitor
 * token themselves, as every visitor route does.
 */
export const surveyRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/surveys/settings',
    summary: 'Which surveys (CSAT, NPS, CES) the workspace sends, when and for how long',
    tag,
    access: 'supervisor',
    response: SurveySettings,
    handler: ({ services, actor }) => services.surveys.settings(actor),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/surveys/settings',
    summary: 'Change the survey settings (the whole set)',
    tag,
    access: 'supervisor',
    body: UpdateSurveySettingsBody,
    response: SurveySettings,
    handler: ({ services, actor, body }) => services.surveys.updateSettings(actor, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/surveys/requests',
    summary: 'Create a survey for another channel: returns one signed one-click link per score',
    tag,
    access: 'conversations:write',
    body: CreateSurveyRequestBody,
    response: CreatedSurveyRequest,
    status: 201,
    handler: ({ services, actor, body }) => services.surveys.createRequest(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/surveys/requests/:id',
    summary: 'One survey request with its answer',
    tag,
    access: 'conversations:read',
    params: IdParams,
    response: SurveyRequest,
    handler: ({ services, actor, params }) => services.surveys.getRequest(actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/surveys/requests/:id/response',
    summary: 'Record the customer’s answer (replaces an earlier one while the survey is open)',
    tag,
    access: 'conversations:write',
    params: IdParams,
    body: SubmitSurveyResponseBody,
    response: SurveyRequest,
    handler: ({ services, actor, params, body }) =>
      services.surveys.respond(actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/surveys/responses',
    summary: 'Responses first given in a range, newest first, with agent and team',
    tag,
    access: 'supervisor',
    query: SurveyResponsesQuery,
    response: SurveyResponsePage,
    handler: ({ services, actor, query }) => services.surveys.responses(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/surveys/report',
    summary:
      'CSAT %, NPS, CES mean and % agree over a range, sliced as every report, per agent, team and time bucket, with comments',
    tag,
    access: 'supervisor',
    query: SurveyReportQuery,
    response: SurveyReport,
    handler: ({ services, actor, query }) => services.surveys.report(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/surveys',
    summary: 'The surveys of a conversation and their answers',
    tag,
    access: 'conversations:read',
    params: IdParams,
    response: SurveyRequestList,
    handler: ({ services, actor, params }) => services.surveys.forConversation(actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/conversations/:id/surveys',
    summary: 'The surveys the widget shows in one of the visitor’s conversations',
    tag: 'widget visitors',
    access: 'public',
    params: IdParams,
    response: VisitorSurveyList,
    handler: async ({ services, params, request }) =>
      services.surveys.forVisitor(
        await services.widget.sessions.require(request.headers.authorization, request.ip),
        params.id,
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/surveys/:id/response',
    summary: 'The visitor answers a survey (or changes the answer while it is open)',
    tag: 'widget visitors',
    access: 'public',
    params: IdParams,
    body: SubmitSurveyResponseBody,
    response: VisitorSurvey,
    handler: async ({ services, params, body, request }) =>
      services.surveys.respondAsVisitor(
        await services.widget.sessions.require(request.headers.authorization, request.ip),
        params.id,
        body,
      ),
  }),
];
