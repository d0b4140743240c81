import type { CountedFields, RealtimeEvent } from '@kefu/contracts';
import type { Repositories } from '../../repositories/index.ts';
import { presentConversations } from './conversation-query.service.ts';

/**
 * A `conversation.updated` written by a database statement on its own (`routing_assign`),
 * which cannot present the conversation: it carries the change and the counted fields before
 * and after it instead.
 */
interface DeferredPayload {
  presentAtPublish: true;
  changes: string[];
  previous: CountedFields;
  current: CountedFields;
}

const isDeferred = (event: RealtimeEvent) =>
  event.type === 'conversation.updated' &&
  (event.payload as Partial<DeferredPayload>).presentAtPublish === true;

/**
 * Presents the conversations of deferred `conversation.updated` events in one read, as of now
 * but with the counted fields the change left (so a client's count deltas chain from one
 * event's `current` to the next one's `previous` even if the conversation moved on since).
 * With `persist` (the positioner, just after positioning) the stored payloads are rewritten
 * too; a replay that still finds one deferred (the node stopped in between) presents it alike.
 * Events of a conversation that no longer exists are left out.
 */
export async function presentDeferredEvents(
  repos: Repositories,
  workspaceId: string,
  events: RealtimeEvent[],
  persist = true,
): Promise<RealtimeEvent[]> {
  const deferred = events.filter(isDeferred);
  if (deferred.length === 0) return events;
  const ids = [...new Set(deferred.map((event) => event.conversationId!))];
  const rows = await repos.conversations.findMany(workspaceId, ids);
  const presented = new Map(
    (await presentConversations(repos, rows)).map((conversation) => [
      conversation.id,
      conversation,
    ]),
  );
  const finished: RealtimeEvent[] = [];
  const rewritten: { position: number; payload: unknown }[] = [];
  for (const event of events) {
    if (!isDeferred(event)) {
      finished.push(event);
      continue;
    }
    const conversation = presented.get(event.conversationId!);
    if (!conversation) continue;
    const { changes, previous, current } = event.payload as unknown as DeferredPayload;
    const payload = { conversation: { ...conversation, ...current }, changes, previous };
    finished.push({ ...event, payload });
    rewritten.push({ position: event.position, payload });
  }
  if (persist) await repos.realtimeEvents.replacePayloads(workspaceId, rewritten);
  return finished;
}
