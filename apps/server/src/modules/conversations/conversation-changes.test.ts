import { describe, expect, it } from 'vitest';
import type { ConversationRow } from '../../db/schema.ts';
import { diffConversationFields } from './conversation-changes.ts';

const row = {
  subject: 'Hello',
  status: 'new',
  priority: 'normal',
  assignee_id: null,
  team_id: null,
} as unknown as ConversationRow;

describe('diffConversationFields', () => {
  it('keeps only fields whose value changes', () => {
    const { patch, changes } = diffConversationFields(row, {
      subject: 'Hello',
      priority: 'high',
      teamId: null,
    });
    expect(patch).toEqual({ priority: 'high' });
    expect(changes).toEqual([
      { field: 'priority', event: 'priority.changed', from: 'normal', to: 'high' },
    ]);
  });

  it('opens a new conversation when it is assigned, unless a status is given', () => {
    const assigned = diffConversationFields(row, { assigneeId: 'agent-1' });
    expect(assigned.patch).toEqual({ assignee_id: 'agent-1', status: 'open' });
    expect(assigned.changes.map((c) => c.event)).toEqual(['assignee.changed', 'status.changed']);
    expect(assigned.changes[1]).toMatchObject({ from: 'new', to: 'open', reason: 'assigned' });
    const pending = diffConversationFields(row, { assigneeId: 'agent-1', status: 'pending' });
    expect(pending.patch).toEqual({ status: 'pending', assignee_id: 'agent-1' });
  });

  it('changes nothing for an empty update', () => {
    expect(diffConversationFields(row, {})).toEqual({ patch: {}, changes: [] });
  });
});
