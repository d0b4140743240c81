import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/translate.ts';
import type { TimelineEvent } from '../lib/types.ts';
import { describeTimelineEvent } from './timeline.ts';

const context = {
  t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
    translate('en', key, vars),
  agentName: (id: string | null) => (id === 'u1' ? 'Alex' : id === 'u2' ? 'Mei' : null),
  teamName: (id: string | null) => (id === 't1' ? 'Billing' : null),
};
const event = (type: string, data: Record<string, unknown>): TimelineEvent => ({
  id: 'e',
  type,
  actorType: 'user',
  actorId: 'u1',
  data,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('describeTimelineEvent', () => {
  it('describes the changes agents care about', () => {
    expect(
      describeTimelineEvent(event('status.changed', { from: 'open', to: 'solved' }), context),
    ).toBe('Alex set the status to Solved');
    expect(
      describeTimelineEvent(event('assignee.changed', { from: null, to: 'u2' }), context),
    ).toBe('Alex assigned the conversation to Mei');
    expect(describeTimelineEvent(event('tags.changed', { from: ['a'], to: ['b'] }), context)).toBe(
      'Alex added b, removed a',
    );
    expect(describeTimelineEvent(event('team.changed', { to: 't1' }), context)).toBe(
      'Alex moved it to team Billing',
    );
  });

  it('skips events it does not know and values of the wrong type', () => {
    expect(describeTimelineEvent(event('conversation.created', {}), context)).toBeNull();
    expect(describeTimelineEvent(event('status.changed', { to: '<b>' }), context)).toBeNull();
  });
});
