import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/translate.ts';
import type { TimelineEvent } from '../lib/types.ts';
import { describeTimelineEvent } from '../conversation/timeline.ts';

const contextIn = (locale: 'en' | 'zh-CN') => ({
  t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
    translate(locale, key, vars),
  agentName: (id: string | null) => (id === 'u1' ? 'Alex' : null),
  teamName: () => null,
});
const event = (
  type: string,
  data: Record<string, unknown>,
  actorType: TimelineEvent['actorType'] = 'system',
): TimelineEvent => ({
  id: 'e',
  type,
  actorType,
  actorId: actorType === 'user' ? 'u1' : null,
  data,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('timeline entries of automations', () => {
  it('names the trigger, time rule or macro that acted', () => {
    const en = contextIn('en');
    const via = { kind: 'trigger', id: 'x', name: 'Refunds are urgent' };
    expect(
      describeTimelineEvent(event('priority.changed', { from: 'normal', to: 'urgent', via }), en),
    ).toBe('Trigger “Refunds are urgent” set the priority to Urgent');
    expect(
      describeTimelineEvent(
        event('automation.applied', { kind: 'time_rule', name: 'Remind after 3 days' }),
        en,
      ),
    ).toBe('Time rule “Remind after 3 days” ran');
    expect(
      describeTimelineEvent(
        event('automation.applied', { kind: 'macro', name: 'Refund approved' }, 'user'),
        en,
      ),
    ).toBe('Alex: Macro “Refund approved” ran');
    expect(
      describeTimelineEvent(
        event('automation.applied', { kind: 'macro', name: '退款已批准' }, 'user'),
        contextIn('zh-CN'),
      ),
    ).toBe('Alex: 宏“退款已批准”已执行');
  });

  it('describes ticked and unticked procedure steps', () => {
    const en = contextIn('en');
    expect(
      describeTimelineEvent(
        event('procedure.step_done', { procedure: 'Refunds', step: 'Check the order' }, 'user'),
        en,
      ),
    ).toBe('Alex ticked “Check the order”');
    expect(
      describeTimelineEvent(
        event('procedure.step_undone', { procedure: 'Refunds', step: 'Check the order' }, 'user'),
        en,
      ),
    ).toBe('Alex unticked “Check the order”');
  });
});
