import { ConversationArticleDraft, ConversationAssist, IdParams } from '@kefu/contracts';
import { defineRoute } from '../../http/route.ts';

/** Agent assist for an open conversation: suggestions, and an article drafted from it. */
export const assistRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/assist',
    summary:
      'Suggested articles (internal ones too) and replies (canned responses, answers from similar solved conversations) for the latest customer messages',
    tag: 'conversations',
    access: 'conversations:read',
    params: IdParams,
    response: ConversationAssist,
    handler: ({ services, actor, params }) => services.assist.suggest(actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/article-draft',
    summary:
      'A knowledge article drafted from the conversation: title, the customer question, the agent answer',
    tag: 'conversations',
    access: 'conversations:read',
    params: IdParams,
    response: ConversationArticleDraft,
    handler: ({ services, actor, params }) => services.assist.articleDraft(actor, params.id),
  }),
];
