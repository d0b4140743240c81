import type { SlaFacts } from './sla-clocks.ts';
import type { ConversationStatus } from './sla-metrics.ts';

interface MessageFact {
  created_at: Date | string | number;
  author_type: SlaFacts['messages'][number]['author'];
  visibility: SlaFacts['messages'][number]['visibility'];
}
interface StatusFact {
  created_at: Date | string | number;
  from: string;
  to: string;
}

/**
 * A conversation's SLA facts from its rows: the status it was created in (the first change's
 * `from`, else its status now), every status change, and every message, oldest first.
 */
export function factsOf(
  row: { created_at: Date | string | number; updated_at?: Date | string | number; status: string },
  messages: MessageFact[],
  statuses: StatusFact[],
): SlaFacts {
  const time = (value: Date | string | number) =>
    typeof value === 'number' ? value : new Date(value).getTime();
  const createdAt = time(row.created_at);
  const initial = (statuses[0]?.from ?? row.status) as ConversationStatus;
  const changes = [
    { at: createdAt, status: initial },
    ...statuses.map((s) => ({ at: time(s.created_at), status: s.to as ConversationStatus })),
  ];
  // A status set without a timeline entry (a merge closes the merged conversation) counts from
  // the row's last update, so the clocks never run on a conversation that is closed.
  if (changes.at(-1)!.status !== row.status)
    changes.push({
      at: row.updated_at === undefined ? createdAt : time(row.updated_at),
      status: row.status as ConversationStatus,
    });
  return {
    createdAt,
    statuses: changes,
    messages: messages.map((m) => ({
      at: time(m.created_at),
      author: m.author_type,
      visibility: m.visibility,
    })),
  };
}
