import {
  ConversationProcedure,
  CreateProcedureBody,
  IdParams,
  Procedure,
  ProcedureStepParams,
  TickStepBody,
  UpdateProcedureBody,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const tag = 'automations';
const checklists = z.object({ items: z.array(ConversationProcedure) });

/** Standard procedures: defined by supervisors, followed on conversations by every agent. */
export const procedureRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/procedures',
    summary: 'Standard procedures (a checklist per request type tag)',
    tag,
    access: 'supervisor',
    response: z.object({ items: z.array(Procedure) }),
    handler: async ({ services, actor }) => ({
      items: await services.automations.procedures.list(actor),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/procedures',
    summary: 'Create a procedure for a request type',
    tag,
    access: 'supervisor',
    body: CreateProcedureBody,
    response: Procedure,
    status: 201,
    handler: ({ services, actor, body }) => services.automations.procedures.create(actor, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/procedures/:id',
    summary: 'Change a procedure (steps keep their ids, and their ticks, when sent back)',
    tag,
    access: 'supervisor',
    params: IdParams,
    body: UpdateProcedureBody,
    response: Procedure,
    handler: ({ services, actor, params, body }) =>
      services.automations.procedures.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/procedures/:id',
    summary: 'Delete a procedure',
    tag,
    access: 'supervisor',
    params: IdParams,
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, params }) => {
      await services.automations.procedures.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/procedures',
    summary: 'The checklists this conversation follows, with who ticked each step and when',
    tag,
    access: 'conversations:read',
    params: IdParams,
    response: checklists,
    handler: async ({ services, actor, params }) => ({
      items: await services.automations.procedures.forConversation(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/conversations/:id/procedures/:procedureId/steps/:stepId',
    summary: 'Tick or untick a step',
    tag,
    access: 'conversations:write',
    params: ProcedureStepParams,
    body: TickStepBody,
    response: checklists,
    handler: async ({ services, actor, params, body }) => ({
      items: await services.automations.procedures.setStep(actor, {
        conversationId: params.id,
        procedureId: params.procedureId,
        stepId: params.stepId,
        done: body.done,
      }),
    }),
  }),
];
