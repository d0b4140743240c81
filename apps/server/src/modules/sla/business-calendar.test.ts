import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  type Holiday,
  addBusinessTime,
  businessTimeBetween,
} from './business-calendar.ts';

const HOUR = 3_600_000;
const weekdays = (start: string, end: string) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

function calendar(timezone: string, extra: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return { timezone, intervals: weekdays('09:00', '17:00'), holidays: [], ...extra };
}
/** A local wall-clock time in a zone, as a Date. */
const at = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const local = (zone: string, date: Date | null) =>
  DateTime.fromJSDate(date!, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
const dayOff = (date: string, extra: Partial<Holiday> = {}): Holiday => ({
  startDate: date,
  endDate: date,
  startMinute: null,
  endMinute: null,
  yearly: false,
  ...extra,
});

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('business time between two instants', () => {
  it('counts only open hours (Mon 08:00 → 10:00 is one hour)', () => {
    expect(
      businessTimeBetween(calendar(SH), at(SH, '2026-12-07T08:00'), at(SH, '2026-12-07T10:00')),
    ).toBe(HOUR);
  });
  it('skips the weekend (Fri 16:00 → Mon 10:00 is two hours)', () => {
    expect(
      businessTimeBetween(calendar(SH), at(SH, '2026-12-04T16:00'), at(SH, '2026-12-07T10:00')),
    ).toBe(2 * HOUR);
  });
  it('skips a lunch break between two intervals of a day', () => {
    const split = calendar(SH, {
      intervals: [...weekdays('09:00', '12:00'), ...weekdays('13:00', '18:00')],
    });
    expect(businessTimeBetween(split, at(SH, '2026-12-07T11:00'), at(SH, '2026-12-07T14:00'))).toBe(
      2 * HOUR,
    );
  });
  it('is zero when the end is not after the start', () => {
    const t = at(SH, '2026-12-07T10:00');
    expect(businessTimeBetween(calendar(SH), t, t)).toBe(0);
  });
});

describe('adding business time', () => {
  it('carries over the weekend: Fri 16:00 + 2 h = Mon 10:00', () => {
    expect(local(SH, addBusinessTime(calendar(SH), at(SH, '2026-12-04T16:00'), 2 * HOUR))).toBe(
      '2026-12-07T10:00',
    );
  });
  it('starts at the next opening for a ticket created outside business hours', () => {
    expect(local(SH, addBusinessTime(calendar(SH), at(SH, '2026-12-05T22:30'), HOUR))).toBe(
      '2026-12-07T10:00',
    );
    expect(local(SH, addBusinessTime(calendar(SH), at(SH, '2026-12-07T06:00'), 30 * 60_000))).toBe(
      '2026-12-07T09:30',
    );
  });
  it('ends exactly at closing time when the time fits', () => {
    expect(local(SH, addBusinessTime(calendar(SH), at(SH, '2026-12-07T15:00'), 2 * HOUR))).toBe(
      '2026-12-07T17:00',
    );
  });
  it('skips a lunch break', () => {
    const split = calendar(SH, {
      intervals: [...weekdays('09:00', '12:00'), ...weekdays('13:00', '18:00')],
    });
    expect(local(SH, addBusinessTime(split, at(SH, '2026-12-07T11:30'), HOUR))).toBe(
      '2026-12-07T13:30',
    );
  });
  it('returns null for a calendar that is never open', () => {
    expect(addBusinessTime(calendar(SH, { intervals: [] }), new Date(), HOUR)).toBeNull();
  });
  it('uses the calendar zone, not the server zone (Berlin 9–17 is 16:00–24:00 in Shanghai)', () => {
    const berlin = calendar('Europe/Berlin');
    expect(local(SH, addBusinessTime(berlin, at(SH, '2026-12-07T08:00'), HOUR))).toBe(
      '2026-12-07T17:00',
    );
  });
});

describe('holidays', () => {
  it('skips a one-off holiday', () => {
    const cal = calendar(SH, { holidays: [dayOff('2026-12-07')] });
    expect(local(SH, addBusinessTime(cal, at(SH, '2026-12-04T16:00'), 2 * HOUR))).toBe(
      '2026-12-08T10:00',
    );
    expect(businessTimeBetween(cal, at(SH, '2026-12-04T16:00'), at(SH, '2026-12-08T10:00'))).toBe(
      2 * HOUR,
    );
  });
  it('repeats a yearly holiday in later years', () => {
    const cal = calendar(SH, { holidays: [dayOff('2020-12-25', { yearly: true })] });
    // Friday 25 December 2026 is closed: Thursday 16:00 + 2 h = Monday 10:00.
    expect(local(SH, addBusinessTime(cal, at(SH, '2026-12-24T16:00'), 2 * HOUR))).toBe(
      '2026-12-28T10:00',
    );
  });
  it('handles a yearly holiday across New Year', () => {
    const cal = calendar(SH, {
      holidays: [dayOff('2024-12-31', { endDate: '2025-01-01', yearly: true })],
    });
    // Wed 31 Dec 2025 and Thu 1 Jan 2026 closed: Tue 16:00 + 2 h = Fri 2 Jan 10:00.
    expect(local(SH, addBusinessTime(cal, at(SH, '2025-12-30T16:00'), 2 * HOUR))).toBe(
      '2026-01-02T10:00',
    );
  });
  it('closes only the hours of a timed closure', () => {
    const cal = calendar(SH, {
      holidays: [dayOff('2026-12-07', { startMinute: 12 * 60, endMinute: 14 * 60 })],
    });
    expect(businessTimeBetween(cal, at(SH, '2026-12-07T09:00'), at(SH, '2026-12-07T17:00'))).toBe(
      6 * HOUR,
    );
  });
  it('closes a multi-day range with partial first and last days', () => {
    const cal = calendar(SH, {
      holidays: [
        dayOff('2026-12-07', { endDate: '2026-12-08', startMinute: 15 * 60, endMinute: 11 * 60 }),
      ],
    });
    // Mon 9–15 open (6 h), Tue 11–17 open (6 h).
    expect(businessTimeBetween(cal, at(SH, '2026-12-07T00:00'), at(SH, '2026-12-09T00:00'))).toBe(
      12 * HOUR,
    );
  });
});

describe('daylight-saving transitions (America/New_York)', () => {
  const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '00:00',
    end: '24:00',
  }));
  it('spring-forward day has 23 open hours on a 24/7 calendar', () => {
    const cal = calendar(NY, { intervals: allDay });
    expect(businessTimeBetween(cal, at(NY, '2026-03-08T00:00'), at(NY, '2026-03-09T00:00'))).toBe(
      23 * HOUR,
    );
  });
  it('fall-back day has 25 open hours on a 24/7 calendar', () => {
    const cal = calendar(NY, { intervals: allDay });
    expect(businessTimeBetween(cal, at(NY, '2026-11-01T00:00'), at(NY, '2026-11-02T00:00'))).toBe(
      25 * HOUR,
    );
  });
  it('an interval spanning the skipped hour is an hour shorter (01:00–04:00 is 2 h)', () => {
    const cal = calendar(NY, { intervals: [{ weekday: 7, start: '01:00', end: '04:00' }] });
    expect(businessTimeBetween(cal, at(NY, '2026-03-08T00:00'), at(NY, '2026-03-09T00:00'))).toBe(
      2 * HOUR,
    );
  });
  it('an interval spanning the repeated hour is an hour longer (00:30–04:00 is 4.5 h)', () => {
    const cal = calendar(NY, { intervals: [{ weekday: 7, start: '00:30', end: '04:00' }] });
    expect(businessTimeBetween(cal, at(NY, '2026-11-01T00:00'), at(NY, '2026-11-02T00:00'))).toBe(
      4.5 * HOUR,
    );
  });
  it('keeps 9–17 on local wall-clock time across spring-forward', () => {
    const due = addBusinessTime(calendar(NY), at(NY, '2026-03-06T16:00'), 2 * HOUR);
    expect(local(NY, due)).toBe('2026-03-09T10:00');
    // Friday was EST (UTC−5), Monday is EDT (UTC−4).
    expect(due!.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });
  it('keeps 9–17 on local wall-clock time across fall-back', () => {
    const due = addBusinessTime(calendar(NY), at(NY, '2026-10-30T16:00'), 2 * HOUR);
    expect(local(NY, due)).toBe('2026-11-02T10:00');
    expect(due!.toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });
});
