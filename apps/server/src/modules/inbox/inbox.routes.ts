import { InboxCounts } from '@kefu/contracts';
import { defineRoute } from '../../http/route.ts';

/** Inbox view counts, read from counters the database keeps exact. */
export const inboxRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/counts',
    summary: 'Counts for the inbox views: mine, unassigned, my teams, all, and per status',
    tag: 'conversations',
    access: 'conversations:read',
    response: InboxCounts,
    handler: ({ services, actor }) => services.inbox.counts(actor),
  }),
];
