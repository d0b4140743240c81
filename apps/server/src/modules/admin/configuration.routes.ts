import {
  CreateCustomFieldBody,
  CreateTagBody,
  CreateTeamBody,
  CustomField,
  CustomFieldEntity,
  IdParams,
  Tag,
  Team,
  UpdateCustomFieldBody,
  UpdateTagBody,
  UpdateTeamBody,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const CustomFieldListQuery = z.strictObject({ entity: CustomFieldEntity.optional() });

const deleted = { response: z.null(), status: 204 } as const;

/** Teams, tags and custom fields: read by every agent, changed by admins. */
export const configurationRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/teams',
    summary: 'Teams and their members',
    tag: 'teams',
    access: 'conversations:read',
    response: z.object({ items: z.array(Team) }),
    handler: async ({ services, actor }) => ({ items: await services.teams.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/teams',
    summary: 'Create a team',
    tag: 'teams',
    access: 'admin',
    body: CreateTeamBody,
    response: Team,
    status: 201,
    handler: ({ services, actor, body }) => services.teams.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/teams/:id',
    summary: 'One team and its members',
    tag: 'teams',
    access: 'conversations:read',
    params: IdParams,
    response: Team,
    handler: ({ services, actor, params }) => services.teams.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/teams/:id',
    summary: 'Rename a team, or change its description or members (the list replaces the old)',
    tag: 'teams',
    access: 'admin',
    params: IdParams,
    body: UpdateTeamBody,
    response: Team,
    handler: ({ services, actor, params, body }) => services.teams.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/teams/:id',
    summary: 'Delete a team (its conversations lose the team, not their assignee)',
    tag: 'teams',
    access: 'admin',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.teams.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/tags',
    summary: 'Tags of the workspace',
    tag: 'tags',
    access: 'conversations:read',
    response: z.object({ items: z.array(Tag) }),
    handler: async ({ services, actor }) => ({ items: await services.tags.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/tags',
    summary: 'Create a tag',
    tag: 'tags',
    access: 'admin',
    body: CreateTagBody,
    response: Tag,
    status: 201,
    handler: ({ services, actor, body }) => services.tags.create(actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/tags/:id',
    summary: 'Rename or recolour a tag',
    tag: 'tags',
    access: 'admin',
    params: IdParams,
    body: UpdateTagBody,
    response: Tag,
    handler: ({ services, actor, params, body }) => services.tags.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/tags/:id',
    summary: 'Delete a tag and remove it from every conversation',
    tag: 'tags',
    access: 'admin',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.tags.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/custom-fields',
    summary: 'Custom field definitions, optionally for one entity',
    tag: 'custom-fields',
    access: 'conversations:read',
    query: CustomFieldListQuery,
    response: z.object({ items: z.array(CustomField) }),
    handler: async ({ services, actor, query }) => ({
      items: await services.customFields.list(actor, query.entity),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/custom-fields',
    summary: 'Define a custom field for conversations or customers',
    tag: 'custom-fields',
    access: 'admin',
    body: CreateCustomFieldBody,
    response: CustomField,
    status: 201,
    handler: ({ services, actor, body }) => services.customFields.create(actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/custom-fields/:id',
    summary: "Change a custom field's label, options, required flag or position",
    tag: 'custom-fields',
    access: 'admin',
    params: IdParams,
    body: UpdateCustomFieldBody,
    response: CustomField,
    handler: ({ services, actor, params, body }) =>
      services.customFields.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/custom-fields/:id',
    summary: 'Delete a custom field definition',
    tag: 'custom-fields',
    access: 'admin',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.customFields.remove(actor, params.id);
      return null;
    },
  }),
];
