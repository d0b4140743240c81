import type { AttachmentService } from '../attachments/attachment.service.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { ArticleIndexes } from './article-index.ts';
import { HelpCenterService } from './help-center.service.ts';
import { KnowledgeService } from './knowledge.service.ts';

/** The knowledge base (agents) and the public help center, sharing one search index cache. */
export function createKnowledgeServices(
  deps: ServiceDeps,
  input: { conversations: ConversationService; attachments: AttachmentService },
) {
  const indexes = new ArticleIndexes(deps.uow, deps.clock);
  return {
    knowledge: new KnowledgeService(deps, indexes, input.attachments),
    helpCenter: new HelpCenterService(deps, indexes, input.conversations, input.attachments),
  };
}
