import { useCallback, useEffect, useState } from 'react';
import type { ConversationAssist } from '@kefu/contracts';
import { api } from '../../lib/api.ts';

export interface AssistState {
  data: ConversationAssist | null;
  loading: boolean;
  error: unknown;
  retry: () => void;
}

/**
 * Suggestions for a conversation, asked again whenever the customer's latest message changes
 * (`latestCustomerMessageId`), unless disabled; an answer for an earlier question is dropped when it arrives late.
 */
export function useAssist(
  conversationId: string,
  latestCustomerMessageId: string | null,
  enabled: boolean,
) {
  const [data, setData] = useState<ConversationAssist | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    setLoading(true);
    api.get<ConversationAssist>(`/conversations/${conversationId}/assist`).then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [conversationId, latestCustomerMessageId, attempt, enabled]);

  return { data, loading, error, retry } satisfies AssistState;
}
