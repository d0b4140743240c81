import type { ConversationRow } from '../../db/schema.ts';

type Patch = Partial<
  Pick<ConversationRow, 'subject' | 'status' | 'priority' | 'assignee_id' | 'team_id'>
>;

/** One changed field: its API name, the timeline event it records, and the values. */
export interface FieldChange {
  field: 'subject' | 'status' | 'priority' | 'assigneeId' | 'teamId';
  event: string;
  from: unknown;
  to: unknown;
  reason?: string;
}

const columns = {
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  assigneeId: 'assignee_id',
  teamId: 'team_id',
} as const;

const events = {
  subject: 'subject.changed',
  status: 'status.changed',
  priority: 'priority.changed',
  assigneeId: 'assignee.changed',
  teamId: 'team.changed',
} as const;

/**
 * Works out which plain fields an update really changes, and the row patch for them. Assigning
 * a new conversation opens it, as in every helpdesk, unless the same update sets a status.
 */
export function diffConversationFields(
  row: ConversationRow,
  input: {
    subject?: string | null;
    status?: ConversationRow['status'];
    priority?: ConversationRow['priority'];
    assigneeId?: string | null;
    teamId?: string | null;
  },
): { patch: Patch; changes: FieldChange[] } {
  const patch: Patch = {};
  const changes: FieldChange[] = [];
  for (const field of Object.keys(columns) as (keyof typeof columns)[]) {
    const value = input[field];
    const column = columns[field];
    if (value === undefined || row[column] === value) continue;
    Object.assign(patch, { [column]: value });
    changes.push({ field, event: events[field], from: row[column], to: value });
  }
  if (input.assigneeId && row.status === 'new' && input.status === undefined) {
    patch.status = 'open';
    changes.push({
      field: 'status',
      event: events.status,
      from: 'new',
      to: 'open',
      reason: 'assigned',
    });
  }
  return { patch, changes };
}
