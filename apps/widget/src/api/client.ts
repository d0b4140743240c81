/**
 * The visitor API (`/api/v1/widget/*`, see packages/contracts/src/widget.ts). Only types come
 * from the contracts package: the frame never bundles zod. The visitor token is sent as a
 * bearer header, never as a cookie, so other sites cannot ride on it.
 */
import type {
  CreateVisitorConversationBody,
  CreateVisitorSessionBody,
  QueuePosition,
  ReadState,
  UpdateVisitorProfileBody,
  VisitorAttachment,
  VisitorConversation,
  VisitorConversationCreated,
  VisitorMessage,
  VisitorMessageBody,
  VisitorMessagePage,
  VisitorProfile,
  VisitorSession,
  VisitorSurvey,
  WidgetConfig,
} from '@kefu/contracts';
import type { z } from 'zod';

/** A failed call: the server's error code, or `network` when the request never completed. */
export class WidgetApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

export type SessionRequest = z.input<typeof CreateVisitorSessionBody>;
export type ConversationRequest = z.input<typeof CreateVisitorConversationBody>;
export type MessageRequest = z.input<typeof VisitorMessageBody>;
export type ProfileRequest = z.input<typeof UpdateVisitorProfileBody>;

export interface WidgetApi {
  config(key: string): Promise<WidgetConfig>;
  createSession(body: SessionRequest): Promise<VisitorSession>;
  listConversations(): Promise<{ items: VisitorConversation[] }>;
  createConversation(
    body: ConversationRequest,
  ): Promise<z.infer<typeof VisitorConversationCreated>>;
  listMessages(
    conversationId: string,
    cursor?: string | null,
  ): Promise<z.infer<typeof VisitorMessagePage>>;
  sendMessage(conversationId: string, body: MessageRequest): Promise<VisitorMessage>;
  markRead(conversationId: string): Promise<ReadState>;
  upload(file: File): Promise<VisitorAttachment>;
  updateProfile(body: ProfileRequest): Promise<VisitorProfile>;
  /** Place in the queue and estimated wait while no agent has the chat. */
  queuePosition(conversationId: string): Promise<QueuePosition>;
  /** The surveys shown in a solved chat, and the visitor's answer to one. */
  surveys(conversationId: string): Promise<{ items: VisitorSurvey[] }>;
  answerSurvey(
    surveyId: string,
    body: { score: number; reasons?: string[]; comment?: string },
  ): Promise<VisitorSurvey>;
}

interface ErrorBodyShape {
  error?: { code?: string; message?: string; details?: { reason?: unknown } };
}

/** Calls one visitor route; `token` is read on every call so a renewed session is picked up. */
export type WidgetCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * The fetch behind every visitor call: bearer token, JSON or form body, errors as
 * `WidgetApiError` with the server's code.
 */
export function createWidgetCaller(
  baseUrl: string,
  token: () => string | null,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): WidgetCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/api/v1/widget${path}`, {
        method,
        headers,
        body: payload ?? null,
        credentials: 'omit',
      });
    } catch {
      throw new WidgetApiError('network', 'The request did not reach the server', 0);
    }
    if (response.ok) return (await response.json()) as T;
    const error = ((await response.json().catch(() => ({}))) as ErrorBodyShape).error;
    const reason = error?.details?.reason;
    throw new WidgetApiError(
      error?.code ?? 'internal',
      error?.message ?? response.statusText,
      response.status,
      typeof reason === 'string' ? reason : null,
    );
  };
}

/**
 * Creates the API client. `token` is read on every call so a renewed session is picked up.
 *
 * @example createWidgetApi('', () => localStorage.getItem('token')).config('wk_…')
 */
export function createWidgetApi(
  baseUrl: string,
  token: () => string | null,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): WidgetApi {
  const call = createWidgetCaller(baseUrl, token, fetchImpl);
  const id = encodeURIComponent;

  return {
    config: (key) => call('GET', `/config?key=${id(key)}`),
    createSession: (body) => call('POST', '/session', body),
    listConversations: () => call('GET', '/conversations'),
    createConversation: (body) => call('POST', '/conversations', body),
    listMessages: (conversationId, cursor) =>
      call(
        'GET',
        `/conversations/${id(conversationId)}/messages?limit=50${cursor ? `&cursor=${id(cursor)}` : ''}`,
      ),
    sendMessage: (conversationId, body) =>
      call('POST', `/conversations/${id(conversationId)}/messages`, body),
    markRead: (conversationId) => call('POST', `/conversations/${id(conversationId)}/read`),
    upload: (file) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return call('POST', '/attachments', form);
    },
    updateProfile: (body) => call('PATCH', '/profile', body),
    queuePosition: (conversationId) => call('GET', `/conversations/${id(conversationId)}/queue`),
    surveys: (conversationId) => call('GET', `/conversations/${id(conversationId)}/surveys`),
    answerSurvey: (surveyId, body) => call('POST', `/surveys/${id(surveyId)}/response`, body),
  };
}
