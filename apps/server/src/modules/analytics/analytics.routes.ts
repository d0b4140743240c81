import {
  AnalyticsBreakdown,
  AnalyticsBreakdownQuery,
  AnalyticsConversationPage,
  AnalyticsConversationsQuery,
  AnalyticsLive,
  AnalyticsOverview,
  AnalyticsQuery,
  AnalyticsSla,
} from '@kefu/contracts';
import { defineRoute } from '../../http/route.ts';

/** Reports for supervisors and above (metrics.md definitions; see modules/analytics). */
export const analyticsRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/analytics/overview',
    summary:
      'Counts, durations (mean, median, p90; calendar and business time) and a series by hour, day, week or month',
    tag: 'analytics',
    access: 'supervisor',
    query: AnalyticsQuery,
    response: AnalyticsOverview,
    handler: ({ services, actor, query }) => services.analytics.overview(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/analytics/breakdown',
    summary: 'The overview numbers per agent, team, channel, priority, tier, language or tag',
    tag: 'analytics',
    access: 'supervisor',
    query: AnalyticsBreakdownQuery,
    response: AnalyticsBreakdown,
    handler: ({ services, actor, query }) => services.analytics.breakdown(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/analytics/sla',
    summary: 'SLA clock cycles that ended in the range, met and breached, per metric',
    tag: 'analytics',
    access: 'supervisor',
    query: AnalyticsQuery,
    response: AnalyticsSla,
    handler: ({ services, actor, query }) => services.analytics.sla(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/analytics/conversations',
    summary: 'The conversations behind a number (drill-down), a page at a time',
    tag: 'analytics',
    access: 'supervisor',
    query: AnalyticsConversationsQuery,
    response: AnalyticsConversationPage,
    handler: ({ services, actor, query }) => services.analytics.conversations(actor, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/analytics/live',
    summary: 'Queues, longest waits, agents by status and conversations about to breach',
    tag: 'analytics',
    access: 'supervisor',
    response: AnalyticsLive,
    handler: async ({ services, actor }) => {
      const queues = await services.routing.admin.queues(actor);
      const agents = await services.routing.admin.agentsByStatus(actor);
      const at = new Date(queues.at).getTime();
      return {
        at: queues.at,
        queues: queues.items.map((q) => ({
          teamId: q.teamId,
          teamName: q.teamName,
          waiting: q.waiting,
          longestWaitSince:
            q.longestWaitSeconds === null
              ? null
              : new Date(at - q.longestWaitSeconds * 1000).toISOString(),
        })),
        agents,
        aboutToBreach: await services.analytics.aboutToBreach(actor),
      };
    },
  }),
];
