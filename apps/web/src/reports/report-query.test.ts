import { describe, expect, it } from 'vitest';
import { addDays, dateIn, defaultFilters, startOfDateIn } from './report-query.ts';

const iso = (instant: number) => new Date(instant).toISOString();

describe('report dates in the workspace time zone', () => {
  it('a date starts at that zone midnight, not the browser one', () => {
    expect(iso(startOfDateIn('2026-12-06', 'Asia/Shanghai'))).toBe('2026-12-05T16:00:00.000Z');
    expect(iso(startOfDateIn('2026-12-06', 'UTC'))).toBe('2026-12-06T00:00:00.000Z');
    expect(iso(startOfDateIn('2026-12-06', 'America/Los_Angeles'))).toBe(
      '2026-12-06T08:00:00.000Z',
    );
    expect(dateIn(Date.parse('2026-12-05T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-06');
    expect(dateIn(Date.parse('2026-12-05T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-12-05');
  });

  it('days next to daylight-saving changes start at their own midnight', () => {
    // New York springs forward at 02:00 on 8 March and falls back at 02:00 on 1 November.
    const ny = 'America/New_York';
    expect(iso(startOfDateIn('2026-03-08', ny))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(startOfDateIn('2026-03-09', ny))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(startOfDateIn('2026-11-01', ny))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(startOfDateIn('2026-11-02', ny))).toBe('2026-11-02T05:00:00.000Z');
    // London changes at 01:00 UTC on 29 March: that day still starts on GMT.
    expect(iso(startOfDateIn('2026-03-29', 'Europe/London'))).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(startOfDateIn('2026-03-30', 'Europe/London'))).toBe('2026-03-29T23:00:00.000Z');
  });

  it('where the clocks skip midnight, the day starts at its first instant', () => {
    // Chile moves from 00:00 (UTC-4) straight to 01:00 (UTC-3) on 6 September 2026.
    const start = startOfDateIn('2026-09-06', 'America/Santiago');
    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
    expect(dateIn(start, 'America/Santiago')).toBe('2026-09-06');
    expect(dateIn(start - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('the default range is the last 30 days of the workspace calendar, today included', () => {
    // 22:00 UTC on 6 December is 06:00 on 7 December in Shanghai.
    const now = Date.parse('2026-12-06T22:00:00Z');
    const shanghai = defaultFilters('Asia/Shanghai', now);
    expect(shanghai.from).toBe('2026-11-07T16:00:00.000Z');
    expect(shanghai.to).toBe('2026-12-07T16:00:00.000Z');
    expect(dateIn(Date.parse(shanghai.from), 'Asia/Shanghai')).toBe('2026-11-08');
    expect(dateIn(Date.parse(shanghai.to) - 1, 'Asia/Shanghai')).toBe('2026-12-07');
    const utc = defaultFilters('UTC', now);
    expect([utc.from, utc.to]).toEqual(['2026-11-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    expect(utc.groupBy).toBe('day');
  });
});
