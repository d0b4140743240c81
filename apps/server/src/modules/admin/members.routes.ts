import {
  Agent,
  CreateInvitationBody,
  CreatedInvitation,
  IdParams,
  Invitation,
  UpdateAgentBody,
  UpdateWorkspaceBody,
  Workspace,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

/** The workspace's settings, its members and invitations. */
export const memberRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/workspace',
    summary: "The workspace's settings",
    tag: 'workspace',
    access: 'conversations:read',
    response: Workspace,
    handler: ({ services, actor }) => services.workspace.get(actor),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/workspace',
    summary: "Change the workspace's name, time zone or default locale",
    tag: 'workspace',
    access: 'admin',
    body: UpdateWorkspaceBody,
    response: Workspace,
    handler: ({ services, actor, body }) => services.workspace.update(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/agents',
    summary: 'Members of the workspace (for assignment and administration)',
    tag: 'workspace',
    access: 'conversations:read',
    response: z.object({ items: z.array(Agent) }),
    handler: async ({ services, actor }) => ({ items: await services.agents.list(actor) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/agents/:id',
    summary: 'One member of the workspace',
    tag: 'workspace',
    access: 'conversations:read',
    params: IdParams,
    response: Agent,
    handler: ({ services, actor, params }) => services.agents.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/agents/:id',
    summary: "Change a member's role, or deactivate or reactivate them",
    tag: 'workspace',
    access: 'admin',
    params: IdParams,
    body: UpdateAgentBody,
    response: Agent,
    handler: ({ services, actor, params, body }) => services.agents.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/invitations',
    summary: 'Invite someone by email (the link is shown once)',
    tag: 'workspace',
    access: 'admin',
    body: CreateInvitationBody,
    response: CreatedInvitation,
    status: 201,
    handler: ({ services, actor, body }) => services.invitations.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/invitations',
    summary: 'Invitations that were not revoked, newest first',
    tag: 'workspace',
    access: 'admin',
    response: z.object({ items: z.array(Invitation) }),
    handler: async ({ services, actor }) => ({ items: await services.invitations.list(actor) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/invitations/:id',
    summary: 'Revoke a pending invitation',
    tag: 'workspace',
    access: 'admin',
    params: IdParams,
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, params }) => {
      await services.invitations.revoke(actor, params.id);
      return null;
    },
  }),
];
