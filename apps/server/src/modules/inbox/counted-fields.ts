import type { CountedFields } from '@kefu/contracts';
import type { ConversationRow } from '../../db/schema.ts';

/**
 * A conversation's fields that inbox counts depend on, as `conversation.updated` carries them
 * in `previous`, so clients can move the conversation between their counts without a request.
 */
export function countedFieldsOf(
  row: Pick<ConversationRow, 'status' | 'assignee_id' | 'team_id' | 'merged_into_id'>,
): CountedFields {
  return {
    status: row.status,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    mergedIntoId: row.merged_into_id,
  };
}
