import {
  Conversation,
  ConversationLink,
  ConversationListQuery,
  CreateConversationBody,
  IdParams,
  LinkConversationBody,
  MergeConversationBody,
  Message,
  MessageInput,
  MessageListQuery,
  SearchQuery,
  SearchResult,
  TimelineEvent,
  UpdateConversationBody,
  pageOf,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const LinkParams = z.strictObject({ id: z.uuid(), linkedId: z.uuid() });

export const conversationRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/conversations',
    summary: 'Start a conversation with its first message',
    tag: 'conversations',
    access: 'conversations:write',
    body: CreateConversationBody,
    response: Conversation,
    status: 201,
    handler: async ({ services, actor, body, request }) => {
      const created = await services.conversations.create(actor, body);
      // Routed like a new chat or mail: into the channel's entry team and its queue. A failure
      // leaves it unassigned in the inbox, where the worker's sweep finds it.
      const routed = await services.routing
        .routeNewConversation(actor.workspaceId, created.id)
        .then(() => true)
        .catch((error: unknown) => {
          request.log.error({ err: error }, 'routing a new conversation failed');
          return false;
        });
      return routed ? services.conversationQueries.get(actor, created.id) : created;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations',
    summary: 'List conversations with filters, newest first, by cursor',
    tag: 'conversations',
    access: 'conversations:read',
    query: ConversationListQuery,
    response: pageOf(Conversation),
    handler: ({ services, actor, query }) => services.conversationQueries.list(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id',
    summary: 'Read a conversation',
    tag: 'conversations',
    access: 'conversations:read',
    params: IdParams,
    response: Conversation,
    handler: ({ services, actor, params }) => services.conversationQueries.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/conversations/:id',
    summary: 'Change status, priority, assignee, team, tags or custom fields',
    tag: 'conversations',
    access: 'conversations:write',
    params: IdParams,
    body: UpdateConversationBody,
    response: Conversation,
    handler: ({ services, actor, params, body }) =>
      services.conversations.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/conversations/:id/merge',
    summary: 'Merge this conversation into another',
    tag: 'conversations',
    access: 'conversations:write',
    params: IdParams,
    body: MergeConversationBody,
    response: Conversation,
    handler: ({ services, actor, params, body }) =>
      services.merges.merge(actor, params.id, body.targetId),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/links',
    summary: 'Linked conversations',
    tag: 'conversations',
    access: 'conversations:read',
    params: IdParams,
    response: z.object({ items: z.array(ConversationLink) }),
    handler: async ({ services, actor, params }) => ({
      items: await services.merges.links(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/conversations/:id/links',
    summary: 'Link a related conversation',
    tag: 'conversations',
    access: 'conversations:write',
    params: IdParams,
    body: LinkConversationBody,
    response: z.object({ items: z.array(ConversationLink) }),
    handler: async ({ services, actor, params, body }) => ({
      items: await services.merges.link(actor, params.id, body.conversationId),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/conversations/:id/links/:linkedId',
    summary: 'Remove a link',
    tag: 'conversations',
    access: 'conversations:write',
    params: LinkParams,
    response: z.object({ items: z.array(ConversationLink) }),
    handler: async ({ services, actor, params }) => ({
      items: await services.merges.unlink(actor, params.id, params.linkedId),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/timeline',
    summary: 'The history of changes to a conversation',
    tag: 'conversations',
    access: 'conversations:read',
    params: IdParams,
    response: z.object({ items: z.array(TimelineEvent) }),
    handler: async ({ services, actor, params }) => ({
      items: await services.conversationQueries.timelineOf(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/messages',
    summary: 'Messages of a conversation, oldest first, by cursor',
    tag: 'messages',
    access: 'conversations:read',
    params: IdParams,
    query: MessageListQuery,
    response: pageOf(Message),
    handler: ({ services, actor, params, query }) =>
      services.messages.list(actor, params.id, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/conversations/:id/messages',
    summary: 'Post a public reply or an internal note',
    tag: 'messages',
    access: 'conversations:write',
    params: IdParams,
    body: MessageInput,
    response: Message,
    status: 201,
    handler: ({ services, actor, params, body }) => services.messages.post(actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/search',
    summary: 'Search messages and customers (Chinese and English)',
    tag: 'search',
    access: 'conversations:read',
    query: SearchQuery,
    response: SearchResult,
    handler: ({ services, actor, query }) => services.search.search(actor, query),
  }),
];
