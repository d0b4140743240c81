import { describe, expect, it } from 'vitest';
import {
  type CountedFields,
  addToInboxCounts,
  adjustInboxCounts,
  countChangeOf,
  emptyInboxCounts,
} from './inbox-counts.ts';

const me = '01900000-0000-7000-8000-000000000001';
const other = '01900000-0000-7000-8000-000000000002';
const team = '01900000-0000-7000-8000-0000000000aa';
const viewer = { userId: me, teamIds: [team] };
const fields = (over: Partial<CountedFields> = {}): CountedFields => ({
  status: 'new',
  assigneeId: null,
  teamId: null,
  mergedIntoId: null,
  ...over,
});

describe('inbox counts', () => {
  it('counts a conversation in every view it belongs to', () => {
    const counts = addToInboxCounts(
      emptyInboxCounts(viewer),
      fields({ status: 'open', assigneeId: me, teamId: team }),
      viewer,
      3,
    );
    expect(counts).toEqual({
      mine: 3,
      unassigned: 0,
      myTeams: 3,
      all: 3,
      byStatus: { new: 0, open: 3, pending: 0, on_hold: 0, solved: 0, closed: 0 },
      byTeam: { [team]: 3 },
    });
  });

  it('moves a conversation between views and leaves the input untouched', () => {
    const start = addToInboxCounts(emptyInboxCounts(viewer), fields(), viewer);
    const assigned = adjustInboxCounts(
      start,
      { before: fields(), after: fields({ status: 'open', assigneeId: other, teamId: team }) },
      viewer,
    );
    expect(start.unassigned).toBe(1);
    expect(assigned).toMatchObject({ mine: 0, unassigned: 0, myTeams: 1, all: 1 });
    const solved = adjustInboxCounts(
      assigned,
      {
        before: fields({ status: 'open', assigneeId: other, teamId: team }),
        after: fields({ status: 'solved', assigneeId: other, teamId: team }),
      },
      viewer,
    );
    expect(solved).toMatchObject({ all: 0, myTeams: 0, byTeam: { [team]: 0 } });
    expect(solved.byStatus).toMatchObject({ open: 0, solved: 1 });
  });

  it('never counts merged conversations', () => {
    const counts = adjustInboxCounts(
      addToInboxCounts(emptyInboxCounts(viewer), fields({ status: 'open' }), viewer),
      {
        before: fields({ status: 'open' }),
        after: fields({ status: 'closed', mergedIntoId: other }),
      },
      viewer,
    );
    expect(counts).toEqual(emptyInboxCounts(viewer));
  });

  it('reads the change from realtime events', () => {
    const conversation = { ...fields({ status: 'open' }), id: other } as never;
    expect(countChangeOf({ type: 'conversation.created', payload: { conversation } })).toEqual({
      before: null,
      after: conversation,
    });
    expect(
      countChangeOf({
        type: 'conversation.updated',
        payload: { conversation, changes: ['status'], previous: fields() },
      }),
    ).toEqual({ before: fields(), after: conversation });
    expect(
      countChangeOf({ type: 'conversation.updated', payload: { conversation, changes: [] } }),
    ).toBeNull();
    expect(
      countChangeOf({ type: 'message.created', payload: { message: {} as never } }),
    ).toBeNull();
  });
});
