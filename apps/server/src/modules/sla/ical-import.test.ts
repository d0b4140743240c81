import { describe, expect, it } from 'vitest';
import { IcalError, parseIcalHolidays } from './ical-import.ts';

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kefu test//EN', ...events, 'END:VCALENDAR'].join(
    '\r\n',
  );
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
const now = new Date('2026-12-01T00:00:00Z');

describe('iCal import', () => {
  it('reads an all-day event (DTEND is exclusive)', () => {
    const [h] = parseIcalHolidays(
      ics(
        event(
          'UID:a@x',
          'SUMMARY:国庆节',
          'DTSTART;VALUE=DATE:20261001',
          'DTEND;VALUE=DATE:20261008',
        ),
      ),
      'Asia/Shanghai',
      now,
    );
    expect(h).toEqual({
      name: '国庆节',
      uid: 'a@x',
      startDate: '2026-10-01',
      endDate: '2026-10-07',
      startMinute: null,
      endMinute: null,
      yearly: false,
    });
  });
  it('reads RRULE:FREQ=YEARLY on a date as one yearly holiday', () => {
    const [h] = parseIcalHolidays(
      ics(
        event('UID:xmas', 'SUMMARY:Christmas', 'DTSTART;VALUE=DATE:20201225', 'RRULE:FREQ=YEARLY'),
      ),
      'Europe/London',
      now,
    );
    expect(h).toMatchObject({ startDate: '2020-12-25', endDate: '2020-12-25', yearly: true });
  });
  it('converts a timed event to the calendar zone', () => {
    const [h] = parseIcalHolidays(
      ics(event('UID:t', 'SUMMARY:Offsite', 'DTSTART:20261207T040000Z', 'DTEND:20261207T060000Z')),
      'Asia/Shanghai',
      now,
    );
    expect(h).toMatchObject({
      startDate: '2026-12-07',
      endDate: '2026-12-07',
      startMinute: 12 * 60,
      endMinute: 14 * 60,
    });
  });
  it('honours a TZID on a timed event', () => {
    const [h] = parseIcalHolidays(
      ics(
        event(
          'UID:tz',
          'SUMMARY:Town hall',
          'DTSTART;TZID=America/New_York:20261207T090000',
          'DTEND;TZID=America/New_York:20261207T100000',
        ),
      ),
      'Europe/Berlin',
      now,
    );
    expect(h).toMatchObject({ startMinute: 15 * 60, endMinute: 16 * 60 });
  });
  it('expands other recurrences (4th Thursday of November) from now for three years', () => {
    const list = parseIcalHolidays(
      ics(
        event(
          'UID:tg',
          'SUMMARY:Thanksgiving',
          'DTSTART;VALUE=DATE:20201126',
          'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
        ),
      ),
      'America/New_York',
      now,
    );
    expect(list.map((h) => h.startDate)).toEqual(['2027-11-25', '2028-11-23', '2029-11-22']);
    expect(list[0]!.uid).toBe('tg#2027-11-25');
  });
  it('skips cancelled events and refuses text that is not iCalendar', () => {
    expect(
      parseIcalHolidays(
        ics(event('UID:c', 'STATUS:CANCELLED', 'DTSTART;VALUE=DATE:20261225')),
        'UTC',
        now,
      ),
    ).toEqual([]);
    expect(() => parseIcalHolidays('hello', 'UTC', now)).toThrow(IcalError);
  });
});
