import type { ServiceDeps } from '../service-deps.ts';
import { type AssistArticleSearch, AssistService } from './assist.service.ts';
import { CannedSuggestions } from './canned-suggestions.ts';
import { SolvedReplies } from './solved-replies.ts';

/** Agent assist with its two per-workspace caches (canned responses, solved conversations). */
export function createAssistService(deps: ServiceDeps, articles: AssistArticleSearch) {
  return new AssistService(
    deps,
    articles,
    new CannedSuggestions(deps.uow),
    new SolvedReplies(deps.uow, deps.clock),
  );
}
