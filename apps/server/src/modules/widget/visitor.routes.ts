import {
  CreateVisitorConversationBody,
  CreateVisitorSessionBody,
  IdParams,
  ReadState,
  UpdateVisitorProfileBody,
  VisitorAttachment,
  VisitorConversation,
  VisitorConversationCreated,
  VisitorMessage,
  VisitorMessageBody,
  VisitorMessageListQuery,
  VisitorMessagePage,
  VisitorProfile,
  VisitorSession,
  WidgetConfig,
  WidgetPublicKey,
} from '@kefu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { AppError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { contentDisposition } from '../attachments/attachments.routes.ts';

/** The visitor behind the request's `Authorization: Bearer <visitor token>`. */
const visitorOf = (services: Services, request: FastifyRequest) =>
  services.widget.sessions.require(request.headers.authorization, request.ip);

/** Passes a throttle's wait on as Retry-After, so clients and proxies know when to retry. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const wait = error instanceof AppError ? error.options.details?.retryAfterSeconds : undefined;
    if (error instanceof AppError && error.code === 'rate_limited' && typeof wait === 'number')
      reply.header('retry-after', String(wait));
    throw error;
  }
}

const tag = 'widget visitors';
const SignedLinkQuery = z.strictObject({
  expires: z.coerce.number().int().min(0).max(1e11),
  signature: z.string().min(1).max(100),
});

/**
 * The public API the widget iframe calls. No cookies: the visitor token travels as a bearer
 * header, because the iframe lives in a third-party context. Every route but config, session
 * and signed downloads needs it.
 */
export const visitorRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/config',
    summary: 'The widget’s appearance, greeting, pre-chat fields and whether agents are online',
    tag,
    access: 'public',
    query: z.strictObject({ key: WidgetPublicKey }),
    response: WidgetConfig,
    handler: ({ services, query }) => services.widget.settings.config(query.key),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/session',
    summary: 'Start or resume a visitor session (anonymous, or identified with a signed token)',
    tag,
    access: 'public',
    body: CreateVisitorSessionBody,
    response: VisitorSession,
    status: 201,
    handler: ({ services, body, request, reply }) =>
      withRetryAfter(reply, () => services.widget.sessions.start(body, request.ip)),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/widget/profile',
    summary: 'The visitor’s name or email (also for "leave your email, we will reply")',
    tag,
    access: 'public',
    body: UpdateVisitorProfileBody,
    response: VisitorProfile,
    handler: async ({ services, body, request }) =>
      services.widget.profiles.update(await visitorOf(services, request), body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/conversations',
    summary: 'The visitor’s conversations, newest first',
    tag,
    access: 'public',
    response: z.object({ items: z.array(VisitorConversation) }),
    handler: async ({ services, request }) => ({
      items: await services.widget.conversations.list(await visitorOf(services, request)),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/conversations',
    summary: 'Start a chat with a first message and optional pre-chat answers',
    tag,
    access: 'public',
    body: CreateVisitorConversationBody,
    response: VisitorConversationCreated,
    status: 201,
    handler: async ({ services, body, request, reply }) => {
      const visitor = await visitorOf(services, request);
      const created = await withRetryAfter(reply, () =>
        services.widget.conversations.create(visitor, body, request.ip),
      );
      // The chat exists either way: a failed attempt leaves it unassigned in the inbox, and the
      // worker's sweep queues a routed team's unassigned conversations.
      await services.routing
        .routeNewConversation(visitor.workspaceId, created.conversation.id)
        .catch((error: unknown) => request.log.error({ err: error }, 'routing a new chat failed'));
      // A new chat soon after a bot answer means the answer did not resolve it (metrics.md §6).
      await services.answerBot.noteNewConversation(visitor, created.conversation.id);
      return created;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/conversations/:id',
    summary: 'One of the visitor’s conversations',
    tag,
    access: 'public',
    params: IdParams,
    response: VisitorConversation,
    handler: async ({ services, params, request }) =>
      services.widget.conversations.get(await visitorOf(services, request), params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/conversations/:id/messages',
    summary: 'Public messages of a conversation: the latest page first, older ones by cursor',
    tag,
    access: 'public',
    params: IdParams,
    query: VisitorMessageListQuery,
    response: VisitorMessagePage,
    handler: async ({ services, params, query, request }) =>
      services.widget.conversations.listMessages(
        await visitorOf(services, request),
        params.id,
        query,
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/conversations/:id/messages',
    summary: 'Send a message as the visitor',
    tag,
    access: 'public',
    params: IdParams,
    body: VisitorMessageBody,
    response: VisitorMessage,
    status: 201,
    handler: async ({ services, params, body, request }) => {
      const visitor = await visitorOf(services, request);
      const message = await services.widget.conversations.post(visitor, params.id, body);
      // Written into a conversation the answer bot holds: the visitor wants a person.
      if (await services.answerBot.handoverOnMessage(visitor, params.id))
        await services.routing
          .routeNewConversation(visitor.workspaceId, params.id)
          .catch((error: unknown) =>
            request.log.error({ err: error }, 'routing a handover failed'),
          );
      return message;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/conversations/:id/read',
    summary: 'The visitor has read the conversation up to now',
    tag,
    access: 'public',
    params: IdParams,
    response: ReadState,
    handler: async ({ services, params, request }) =>
      services.widget.reads.markVisitorRead(await visitorOf(services, request), params.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/widget/attachments',
    summary: 'Upload a file (multipart/form-data, field "file") to attach to a visitor message',
    tag,
    access: 'public',
    rawBody: true,
    response: VisitorAttachment,
    status: 201,
    handler: async ({ services, request }) => {
      const visitor = await visitorOf(services, request);
      if (!request.isMultipart())
        throw new AppError(
          'unsupported_media_type',
          'Send the file as multipart/form-data in a field named "file"',
        );
      const file = await request.file();
      if (!file || file.fieldname !== 'file')
        throw new AppError('validation_failed', 'file: attach a file in a field named "file"', {
          field: 'file',
        });
      return services.widget.files.upload(visitor, {
        filename: file.filename,
        contentType: file.mimetype,
        data: file.file,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/widget/attachments/:id',
    summary: 'Download a chat file through the signed link in a visitor message',
    tag,
    access: 'public',
    params: IdParams,
    query: SignedLinkQuery,
    response: z.unknown(),
    handler: async ({ services, params, query, reply }) => {
      const file = await services.widget.files.download(params.id, query.expires, query.signature);
      reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.disposition, file.filename))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600');
      return reply.send(file.data);
    },
  }),
];
