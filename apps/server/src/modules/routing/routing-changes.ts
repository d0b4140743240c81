import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { presentConversations } from '../conversations/conversation-query.service.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';

/**
 * Records a change routing made to a conversation (assignee or team) the way an agent's change
 * is recorded: timeline entries by "system", then `conversation.updated` and, for assignments,
 * `assignment.changed`, so inboxes, counts and the widget follow. `timelineWritten`: the
 * statement that made the change wrote the timeline entries already (`routeAssign`).
 */
export async function recordRoutingChange(
  scope: TransactionScope,
  ids: IdGenerator,
  before: ConversationRow,
  after: ConversationRow,
  reason: string,
  at: Date,
  options: { timelineWritten?: boolean } = {},
) {
  const { repos } = scope;
  const changes: string[] = [];
  const entries: [string, string, unknown, unknown][] = [
    ['assigneeId', 'assignee.changed', before.assignee_id, after.assignee_id],
    ['teamId', 'team.changed', before.team_id, after.team_id],
    ['status', 'status.changed', before.status, after.status],
  ];
  const timeline = [];
  for (const [field, type, from, to] of entries) {
    if (from === to) continue;
    changes.push(field);
    timeline.push({
      id: ids(),
      workspaceId: after.workspace_id,
      conversationId: after.id,
      type,
      data: { from, to, reason },
      at,
    });
  }
  if (!options.timelineWritten) await repos.routingQueue.insertTimeline(timeline);
  const [conversation] = await presentConversations(repos, [after]);
  await scope.emit({
    type: 'conversation.updated',
    workspaceId: after.workspace_id,
    conversationId: after.id,
    internal: false,
    payload: { conversation: conversation!, changes, previous: countedFieldsOf(before) },
  });
  await scope.emit({
    type: 'assignment.changed',
    workspaceId: after.workspace_id,
    conversationId: after.id,
    internal: true,
    payload: {
      conversationId: after.id,
      assigneeId: after.assignee_id,
      previousAssigneeId: before.assignee_id,
      teamId: after.team_id,
    },
  });
}
