import {
  BusinessCalendar,
  ConversationSla,
  CreateCalendarBody,
  CreateHolidayBody,
  CreateSlaPolicyBody,
  HolidayParams,
  IdParams,
  ImportIcalBody,
  ImportIcalResult,
  ReorderSlaPoliciesBody,
  SlaAchievement,
  SlaAchievementQuery,
  SlaPolicy,
  UpdateCalendarBody,
  UpdateSlaPolicyBody,
} from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const deleted = { response: z.null(), status: 204 } as const;

/** Business calendars: set up by supervisors. */
const calendarRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/business-calendars',
    summary: 'Business calendars with their hours and holidays',
    tag: 'sla',
    access: 'supervisor',
    response: z.object({ items: z.array(BusinessCalendar) }),
    handler: async ({ services, actor }) => ({ items: await services.calendars.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/business-calendars',
    summary: 'Create a business calendar (time zone and opening intervals per weekday)',
    tag: 'sla',
    access: 'supervisor',
    body: CreateCalendarBody,
    response: BusinessCalendar,
    status: 201,
    handler: ({ services, actor, body }) => services.calendars.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/business-calendars/:id',
    summary: 'One business calendar',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    response: BusinessCalendar,
    handler: ({ services, actor, params }) => services.calendars.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/business-calendars/:id',
    summary: 'Rename a calendar or change its time zone or intervals (the list replaces the old)',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    body: UpdateCalendarBody,
    response: BusinessCalendar,
    handler: ({ services, actor, params, body }) =>
      services.calendars.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/business-calendars/:id',
    summary: 'Delete a calendar (policies using it count calendar time from their next selection)',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.calendars.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/business-calendars/:id/holidays',
    summary: 'Add a holiday (one day, several days, part of a day; once or every year)',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    body: CreateHolidayBody,
    response: BusinessCalendar,
    status: 201,
    handler: ({ services, actor, params, body }) =>
      services.calendars.addHoliday(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/business-calendars/:id/holidays/:holidayId',
    summary: 'Remove a holiday',
    tag: 'sla',
    access: 'supervisor',
    params: HolidayParams,
    response: BusinessCalendar,
    handler: ({ services, actor, params }) =>
      services.calendars.removeHoliday(actor, params.id, params.holidayId),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/business-calendars/:id/ical',
    summary: 'Import holidays from an iCalendar file (events already imported are skipped)',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    body: ImportIcalBody,
    response: ImportIcalResult,
    handler: ({ services, actor, params, body }) =>
      services.calendars.importIcal(actor, params.id, body.ics),
  }),
];

/** SLA policies in order, a conversation's clocks, and achievement. */
const policyRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/sla-policies',
    summary: 'SLA policies in order (the first whose conditions match applies)',
    tag: 'sla',
    access: 'supervisor',
    response: z.object({ items: z.array(SlaPolicy) }),
    handler: async ({ services, actor }) => ({ items: await services.slaPolicies.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/sla-policies',
    summary: 'Create an SLA policy (it goes last in the order)',
    tag: 'sla',
    access: 'supervisor',
    body: CreateSlaPolicyBody,
    response: SlaPolicy,
    status: 201,
    handler: ({ services, actor, body }) => services.slaPolicies.create(actor, body),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/sla-policies/order',
    summary: 'Set the order of the SLA policies (every id once, first match first)',
    tag: 'sla',
    access: 'supervisor',
    body: ReorderSlaPoliciesBody,
    response: z.object({ items: z.array(SlaPolicy) }),
    handler: async ({ services, actor, body }) => ({
      items: await services.slaPolicies.reorder(actor, body.ids),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/sla-policies/:id',
    summary: 'One SLA policy',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    response: SlaPolicy,
    handler: ({ services, actor, params }) => services.slaPolicies.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/sla-policies/:id',
    summary: 'Change an SLA policy (applies at each conversation’s next policy selection)',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    body: UpdateSlaPolicyBody,
    response: SlaPolicy,
    handler: ({ services, actor, params, body }) =>
      services.slaPolicies.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/sla-policies/:id',
    summary: 'Delete an SLA policy',
    tag: 'sla',
    access: 'supervisor',
    params: IdParams,
    ...deleted,
    handler: async ({ services, actor, params }) => {
      await services.slaPolicies.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/sla',
    summary: "A conversation's SLA clocks now (every metric and cycle of the applied policy)",
    tag: 'sla',
    access: 'conversations:read',
    params: IdParams,
    response: ConversationSla,
    handler: ({ services, actor, params }) => services.slaReports.forConversation(actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/sla/achievement',
    summary: 'SLA achievement per policy, metric, team and agent for cycles ended in [from, to)',
    tag: 'sla',
    access: 'supervisor',
    query: SlaAchievementQuery,
    response: SlaAchievement,
    handler: ({ services, actor, query }) => services.slaReports.achievement(actor, query),
  }),
];

export const slaRoutes = [...calendarRoutes, ...policyRoutes];
