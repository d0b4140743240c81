import {
  ApplyMacroParams,
  Conversation,
  CreateMacroBody,
  CreateTimeRuleBody,
  CreateTriggerBody,
  IdParams,
  Macro,
  ReorderTriggersBody,
  TimeRule,
  Trigger,
  UpdateMacroBody,
  UpdateTimeRuleBody,
  UpdateTriggerBody,
  WebhookSecret,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { procedureRoutes } from './procedures.routes.ts';

const tag = 'automations';
const deleted = { response: z.null(), status: 204 } as const;

const triggerRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/triggers',
    summary: 'Triggers in the order they run',
    tag,
    access: 'supervisor',
    response: z.object({ items: z.array(Trigger) }),
    handler: async ({ services, actor }) => ({
      items: await services.automations.triggers.list(actor),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/triggers',
    summary: 'Create a trigger (runs last until reordered)',
    tag,
    access: 'supervisor',
    body: CreateTriggerBody,
    response: Trigger,
    status: 201,
    handler: ({ services, actor, body }) => services.automations.triggers.create(actor, body),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/triggers/order',
    summary: 'Set the order triggers run in (every trigger once)',
    tag,
    access: 'supervisor',
    body: ReorderTriggersBody,
    response: z.object({ items: z.array(Trigger) }),
    handler: async ({ services, actor, body }) => ({
      items: await services.automations.triggers.reorder(actor, body.ids),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/triggers/:id',
    summary: 'One trigger',
    tag,
    access: 'supervisor',
    params: IdParams,
    response: Trigger,
    handler: ({ services, actor, params }) => services.automations.triggers.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/triggers/:id',
    summary: 'Change a trigger',
    tag,
    access: 'supervisor',
    params: IdParams,
    body: UpdateTriggerBody,
    response: Trigger,
    handler: ({ services, actor, params, body }) =>
      services.automations.triggers.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/triggers/:id',
    summary: 'Delete a trigger',
    tag,
    access: 'supervisor',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.automations.triggers.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/automations/webhook-secret',
    summary: 'The secret webhook payloads are signed with (HMAC-SHA256, Standard Webhooks)',
    tag,
    access: 'admin',
    response: WebhookSecret,
    handler: ({ services, actor }) => services.automations.triggers.webhookSecret(actor),
  }),
];

const timeRuleRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/time-rules',
    summary: 'Time rules',
    tag,
    access: 'supervisor',
    response: z.object({ items: z.array(TimeRule) }),
    handler: async ({ services, actor }) => ({
      items: await services.automations.timeRules.list(actor),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/time-rules',
    summary: 'Create a time rule (acts once per stay in its status)',
    tag,
    access: 'supervisor',
    body: CreateTimeRuleBody,
    response: TimeRule,
    status: 201,
    handler: ({ services, actor, body }) => services.automations.timeRules.create(actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/time-rules/:id',
    summary: 'Change a time rule',
    tag,
    access: 'supervisor',
    params: IdParams,
    body: UpdateTimeRuleBody,
    response: TimeRule,
    handler: ({ services, actor, params, body }) =>
      services.automations.timeRules.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/time-rules/:id',
    summary: 'Delete a time rule',
    tag,
    access: 'supervisor',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.automations.timeRules.remove(actor, params.id);
      return null;
    },
  }),
];

const macroRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/macros',
    summary: 'Macros, by name (every agent sees them to apply them)',
    tag,
    access: 'conversations:read',
    response: z.object({ items: z.array(Macro) }),
    handler: async ({ services, actor }) => ({
      items: await services.automations.macros.list(actor),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/macros',
    summary: 'Create a macro',
    tag,
    access: 'supervisor',
    body: CreateMacroBody,
    response: Macro,
    status: 201,
    handler: ({ services, actor, body }) => services.automations.macros.create(actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/macros/:id',
    summary: 'Change a macro',
    tag,
    access: 'supervisor',
    params: IdParams,
    body: UpdateMacroBody,
    response: Macro,
    handler: ({ services, actor, params, body }) =>
      services.automations.macros.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/macros/:id',
    summary: 'Delete a macro',
    tag,
    access: 'supervisor',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.automations.macros.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/conversations/:id/macros/:macroId',
    summary: 'Apply a macro to a conversation (all its actions in one change)',
    tag,
    access: 'conversations:write',
    params: ApplyMacroParams,
    response: Conversation,
    handler: ({ services, actor, params }) =>
      services.automations.macros.apply(actor, params.id, params.macroId),
  }),
];

export const automationRoutes = [
  ...triggerRoutes,
  ...timeRuleRoutes,
  ...macroRoutes,
  ...procedureRoutes,
];
