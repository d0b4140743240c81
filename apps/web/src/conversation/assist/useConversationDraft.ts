import { useEffect } from 'react';
import type { ConversationArticleDraft } from '@kefu/contracts';
import { api } from '../../lib/api.ts';

/**
 * A new article drafted from a conversation (`/app/knowledge/articles/new?from=<conversation
 * id>`): fetched once and handed to `apply`. The body HTML comes sanitized from the server and
 * goes through the editor's own allow-list when loaded.
 */
export function useConversationDraft(
  isNew: boolean,
  apply: (draft: ConversationArticleDraft) => void,
  fail: (error: unknown) => void,
) {
  useEffect(() => {
    const from = isNew ? new URLSearchParams(window.location.search).get('from') : null;
    if (!from) return;
    let current = true;
    api
      .get<ConversationArticleDraft>(`/conversations/${encodeURIComponent(from)}/article-draft`)
      .then(
        (draft) => {
          if (current) apply(draft);
        },
        (error: unknown) => {
          if (current) fail(error);
        },
      );
    return () => {
      current = false;
    };
    // Once per editor: the URL's `from` names the conversation.
  }, [isNew]);
}
