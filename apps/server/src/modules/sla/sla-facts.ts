import type { SlaFacts } from './sla-clocks.ts';
import type { ConversationStatus } from './sla-metrics.ts';

interface MessageFact {
  created_at: Date | string;
  author_type: SlaFacts['messages'][number]['author'];
  visibility: SlaFacts['messages'][number]['visibility'];
}
interface StatusFact {
  created_at: Date | string;
  from: string;
  to: string;
}

/**
 * A conversation's SLA facts from its rows: the status it was created in (the first change's
 * `from`, else its status now), every status change, and every message, oldest first.
 */
export function factsOf(
  row: { created_at: Date | string; status: string },
  messages: MessageFact[],
  statuses: StatusFact[],
): SlaFacts {
  const createdAt = new Date(row.created_at).getTime();
  const initial = (statuses[0]?.from ?? row.status) as ConversationStatus;
  return {
    createdAt,
    statuses: [
      { at: createdAt, status: initial },
      ...statuses.map((s) => ({
        at: new Date(s.created_at).getTime(),
        status: s.to as ConversationStatus,
      })),
    ],
    messages: messages.map((m) => ({
      at: new Date(m.created_at).getTime(),
      author: m.author_type,
      visibility: m.visibility,
    })),
  };
}
