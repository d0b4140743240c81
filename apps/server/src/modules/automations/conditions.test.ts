import { describe, expect, it } from 'vitest';
import { type ConditionContext, conditionsHold, localTime } from './conditions.ts';

const base: ConditionContext = {
  status: 'open',
  priority: 'normal',
  channel: 'email',
  assigneeId: null,
  teamId: null,
  tags: ['VIP'],
  customFields: { request_type: 'Refund', items: ['a', 'b'] },
  customer: { tier: 'standard', name: '李雷', emails: ['lilei@example.com'] },
  message: { text: '我要退款 please', author: 'customer' },
  // Monday 7 December 2026, 10:30 in Shanghai (02:30 UTC).
  now: new Date(Date.UTC(2026, 11, 7, 2, 30)),
  timezone: 'Asia/Shanghai',
};

describe('automation conditions', () => {
  it('all and any', () => {
    const matching = { field: 'channel', op: 'is', value: 'email' } as const;
    const failing = { field: 'priority', op: 'is', value: 'urgent' } as const;
    expect(conditionsHold('all', [matching, failing], base)).toBe(false);
    expect(conditionsHold('any', [matching, failing], base)).toBe(true);
    expect(conditionsHold('all', [], base)).toBe(true);
  });

  it('tags, custom fields, customer and message text ignore case', () => {
    expect(conditionsHold('all', [{ field: 'tag', op: 'present', value: 'vip' }], base)).toBe(true);
    expect(
      conditionsHold(
        'all',
        [
          { field: 'customField', key: 'request_type', op: 'is', value: 'refund' },
          { field: 'customField', key: 'items', op: 'contains', value: 'b' },
          { field: 'customField', key: 'missing', op: 'is_not_set', value: '' },
          { field: 'customer.email', op: 'contains', value: '@EXAMPLE.com' },
          { field: 'message.text', op: 'contains', value: 'PLEASE' },
          { field: 'message.text', op: 'not_contains', value: '退货' },
          { field: 'message.author', op: 'is', value: 'customer' },
          { field: 'assigneeId', op: 'is', value: null },
        ],
        base,
      ),
    ).toBe(true);
  });

  it('a message condition never holds without a message (time rules, field changes)', () => {
    const noMessage = { ...base, message: null };
    expect(
      conditionsHold('all', [{ field: 'message.text', op: 'not_contains', value: 'x' }], noMessage),
    ).toBe(false);
  });

  it('time of day and weekday in the workspace time zone, wrapping past midnight', () => {
    expect(localTime(base.now, 'Asia/Shanghai')).toEqual({ hour: 10, weekday: 1 });
    expect(localTime(base.now, 'America/Los_Angeles')).toEqual({ hour: 18, weekday: 7 });
    const hours = (from: number, to: number) =>
      conditionsHold('all', [{ field: 'time.hour', op: 'between', from, to }], base);
    expect(hours(9, 18)).toBe(true);
    expect(hours(11, 18)).toBe(false);
    expect(hours(22, 11)).toBe(true);
    expect(conditionsHold('all', [{ field: 'time.weekday', op: 'in', value: [6, 7] }], base)).toBe(
      false,
    );
    expect(
      conditionsHold('all', [{ field: 'time.weekday', op: 'in', value: [6, 7] }], {
        ...base,
        timezone: 'America/Los_Angeles',
      }),
    ).toBe(true);
  });
});
