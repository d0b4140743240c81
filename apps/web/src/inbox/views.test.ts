import { describe, expect, it } from 'vitest';
import type { Conversation } from '../lib/types.ts';
import { applyConversation, matchesQuery, queryForView } from './views.ts';

const me = 'user-me';
const conversation = (
  id: string,
  updatedAt: string,
  patch: Partial<Conversation> = {},
): Conversation => ({
  id,
  number: 1,
  channel: 'chat',
  subject: null,
  status: 'open',
  priority: 'normal',
  customer: { id: 'cust', name: 'Zhao Lei' },
  assigneeId: me,
  teamId: null,
  tags: [],
  customFields: {},
  mergedIntoId: null,
  lastMessageAt: updatedAt,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
  ...patch,
});

describe('queryForView', () => {
  it('maps views to list filters', () => {
    expect(queryForView('mine', {})).toMatchObject({ assigneeId: 'me', sort: 'updated_desc' });
    expect(queryForView('unassigned', {})?.assigneeId).toBe('none');
    expect(queryForView('status-solved', {})?.status).toEqual(['solved']);
    expect(queryForView('team-t1', { priority: 'high' })).toMatchObject({
      teamId: 't1',
      priority: ['high'],
    });
    expect(queryForView('teams', {}, ['t1', 't2'])).toMatchObject({
      teamId: 'mine',
      myTeamIds: ['t1', 't2'],
    });
    expect(queryForView('status-bogus', {})).toBeNull();
    expect(queryForView('nonsense', {})).toBeNull();
  });
});

describe('applyConversation', () => {
  const query = queryForView('mine', {})!;
  const a = conversation('a', '2026-01-03T00:00:00.000Z');
  const b = conversation('b', '2026-01-02T00:00:00.000Z');

  it('moves an updated conversation to the top', () => {
    const list = applyConversation(
      [a, b],
      { ...b, updatedAt: '2026-01-04T00:00:00.000Z' },
      query,
      me,
      false,
    );
    expect(list.map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('removes a conversation that left the view (solved, reassigned)', () => {
    expect(
      applyConversation([a, b], { ...a, status: 'solved' }, query, me, false).map((c) => c.id),
    ).toEqual(['b']);
    expect(applyConversation([a, b], { ...a, assigneeId: 'other' }, query, me, false)).toHaveLength(
      1,
    );
  });

  it('adds a new matching conversation once, even if applied twice', () => {
    const c = conversation('c', '2026-01-05T00:00:00.000Z');
    const once = applyConversation([a, b], c, query, me, false);
    expect(applyConversation(once, c, query, me, false).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });

  it('leaves an old conversation for paging when more pages remain', () => {
    const old = conversation('old', '2025-01-01T00:00:00.000Z');
    expect(applyConversation([a, b], old, query, me, true)).toHaveLength(2);
    expect(applyConversation([a, b], old, query, me, false)).toHaveLength(3);
  });

  it('keeps the my-teams view to conversations of my teams', () => {
    const teams = queryForView('teams', {}, ['t1', 't2'])!;
    const at = '2026-01-04T00:00:00.000Z';
    expect(matchesQuery(conversation('x', at, { teamId: 't2' }), teams, me)).toBe(true);
    expect(matchesQuery(conversation('y', at, { teamId: 't3' }), teams, me)).toBe(false);
    expect(matchesQuery(conversation('z', at, { teamId: null }), teams, me)).toBe(false);
  });

  it('never lists merged conversations', () => {
    expect(matchesQuery({ ...a, mergedIntoId: 'x' }, query, me)).toBe(false);
  });
});
