import {
  CannedResponse,
  CannedResponseListQuery,
  CreateCannedResponseBody,
  IdParams,
  UpdateCannedResponseBody,
  pageOf,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

/** Canned responses: every agent reads, uses and adds them; admins and the author edit them. */
export const cannedResponseRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/canned-responses',
    summary: 'Canned responses, filtered by shortcut or title; shortcut prefix matches first',
    tag: 'canned-responses',
    access: 'conversations:read',
    query: CannedResponseListQuery,
    response: pageOf(CannedResponse),
    handler: ({ services, actor, query }) => services.cannedResponses.list(actor, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/canned-responses',
    summary: 'Add a canned response (the shortcut is unique in the workspace, ignoring case)',
    tag: 'canned-responses',
    access: 'conversations:write',
    body: CreateCannedResponseBody,
    response: CannedResponse,
    status: 201,
    handler: ({ services, actor, body }) => services.cannedResponses.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/canned-responses/:id',
    summary: 'One canned response',
    tag: 'canned-responses',
    access: 'conversations:read',
    params: IdParams,
    response: CannedResponse,
    handler: ({ services, actor, params }) => services.cannedResponses.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/canned-responses/:id',
    summary: 'Change a canned response (admins, or the agent who wrote it)',
    tag: 'canned-responses',
    access: 'conversations:write',
    params: IdParams,
    body: UpdateCannedResponseBody,
    response: CannedResponse,
    handler: ({ services, actor, params, body }) =>
      services.cannedResponses.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/canned-responses/:id',
    summary: 'Delete a canned response (admins, or the agent who wrote it)',
    tag: 'canned-responses',
    access: 'conversations:write',
    params: IdParams,
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, params }) => {
      await services.cannedResponses.remove(actor, params.id);
      return null;
    },
  }),
];
