import { describe, expect, it } from 'vitest';
import { createFormatter } from './format.ts';

const now = () => new Date('2026-03-10T12:00:00.000Z');

describe('createFormatter', () => {
  it('shows times in the given time zone', () => {
    const shanghai = createFormatter('en', 'Asia/Shanghai', now);
    // 23:30 UTC on the 9th is 07:30 on the 10th in Shanghai: "today" there.
    expect(shanghai.shortDate('2026-03-09T23:30:00.000Z')).toBe('7:30 AM');
    expect(
      createFormatter('zh-CN', 'Asia/Shanghai', now).shortDate('2026-03-09T23:30:00.000Z'),
    ).toBe('07:30');
    expect(shanghai.dayKey('2026-03-09T23:30:00.000Z')).toBe(shanghai.dayKey(now()));
    const london = createFormatter('en', 'Europe/London', now);
    expect(london.dayKey('2026-03-09T23:30:00.000Z')).not.toBe(london.dayKey(now()));
  });

  it('formats numbers and dates in the locale', () => {
    const zh = createFormatter('zh-CN', 'Asia/Shanghai', now);
    expect(zh.number(12345)).toBe('12,345');
    expect(zh.shortDate('2025-01-02T00:00:00.000Z')).toContain('2025');
    expect(zh.day('2026-03-10T00:00:00.000Z')).toContain('星期二');
    expect(createFormatter('en', 'UTC', now).fileSize(1536)).toBe('1.5 KB');
  });
});
