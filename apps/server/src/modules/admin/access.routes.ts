import {
  ApiToken,
  AuditEntry,
  CreateApiTokenBody,
  CreatedApiToken,
  IdParams,
  PageQuery,
  pageOf,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const AuditLogQuery = z.strictObject({ ...PageQuery });

/** API tokens and the audit log: who can reach the workspace and what they changed. */
export const accessRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/api-tokens',
    summary: 'API tokens, revoked ones included (secrets are never shown again)',
    tag: 'api-tokens',
    access: 'admin',
    response: z.object({ items: z.array(ApiToken) }),
    handler: async ({ services, actor }) => ({ items: await services.apiTokens.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/api-tokens',
    summary: 'Create an API token (signed-in owners and admins only; the secret is shown once)',
    tag: 'api-tokens',
    // A person, never a token: a leaked token must not be able to mint more.
    access: 'session',
    body: CreateApiTokenBody,
    response: CreatedApiToken,
    status: 201,
    handler: ({ services, actor, body }) => services.apiTokens.create(actor, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/api-tokens/:id',
    summary: 'Revoke an API token',
    tag: 'api-tokens',
    access: 'admin',
    params: IdParams,
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, params }) => {
      await services.apiTokens.revoke(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/audit-log',
    summary: 'Administrative changes, newest first',
    tag: 'audit-log',
    access: 'admin',
    query: AuditLogQuery,
    response: pageOf(AuditEntry),
    handler: ({ services, actor, query }) => services.auditLog.list(actor, query),
  }),
];
