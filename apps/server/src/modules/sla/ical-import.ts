import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** A closure read from an iCal VEVENT, in the business calendar's own time zone. */
export interface ImportedHoliday {
  name: string;
  startDate: string;
  endDate: string;
  startMinute: number | null;
  endMinute: number | null;
  yearly: boolean;
  /** The event's UID (with the occurrence date for expanded recurrences): re-imports skip it. */
  uid: string;
}

export class IcalError extends Error {}

/** Recurrences other than a plain yearly date are expanded up to this many years ahead. */
const EXPAND_YEARS = 3;
const MAX_OCCURRENCES = 200;

/** An ICAL.Time as a wall-clock time in `zone` (its own TZID, UTC, or floating = the calendar's). */
function toLocal(time: ICAL.Time, tzid: string | null, zone: string): DateTime {
  const wall = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
  };
  if (time.zone?.tzid === 'UTC') return DateTime.fromObject(wall, { zone: 'UTC' }).setZone(zone);
  if (tzid && DateTime.local().setZone(tzid).isValid)
    return DateTime.fromObject(wall, { zone: tzid }).setZone(zone);
  return DateTime.fromObject(wall, { zone });
}

const isPlainYearly = (recur: ICAL.Recur) =>
  recur.freq === 'YEARLY' &&
  (recur.interval ?? 1) === 1 &&
  !recur.count &&
  !recur.until &&
  Object.keys(recur.parts ?? {}).every((part) => part === 'BYMONTH' || part === 'BYMONTHDAY');

/** One occurrence (start and end times) as a holiday. */
function holidayOf(
  name: string,
  uid: string,
  start: ICAL.Time,
  end: ICAL.Time,
  tzids: { start: string | null; end: string | null },
  zone: string,
  yearly: boolean,
): ImportedHoliday {
  if (start.isDate) {
    const first = DateTime.fromObject({ year: start.year, month: start.month, day: start.day });
    // DTEND of an all-day event is exclusive.
    const after = DateTime.fromObject({ year: end.year, month: end.month, day: end.day });
    const last = after > first ? after.minus({ days: 1 }) : first;
    return {
      name,
      uid,
      startDate: first.toISODate()!,
      endDate: last.toISODate()!,
      startMinute: null,
      endMinute: null,
      yearly,
    };
  }
  const from = toLocal(start, tzids.start, zone);
  const to = toLocal(end, tzids.end ?? tzids.start, zone);
  const endsAtMidnight = to.hour === 0 && to.minute === 0 && to > from;
  const lastDay = endsAtMidnight ? to.minus({ days: 1 }) : to;
  return {
    name,
    uid,
    startDate: from.toISODate()!,
    endDate: (lastDay < from ? from : lastDay).toISODate()!,
    startMinute: from.hour * 60 + from.minute,
    endMinute: endsAtMidnight ? 1440 : to.hour * 60 + to.minute,
    yearly,
  };
}

/**
 * Reads the VEVENTs of an iCalendar file as closures of a calendar in `zone`: all-day and
 * timed events; a plain RRULE:FREQ=YEARLY becomes one yearly holiday, any other recurrence is
 * expanded into its occurrences from `now` to three years ahead. Cancelled events are skipped.
 *
 * @example parseIcalHolidays(text, 'Asia/Shanghai', new Date()) // [{ name: '元旦', … }]
 */
export function parseIcalHolidays(text: string, zone: string, now: Date): ImportedHoliday[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw new IcalError(`not an iCalendar file (${(error as Error).message})`);
  }
  const events = root.getAllSubcomponents('vevent');
  const holidays: ImportedHoliday[] = [];
  for (const vevent of events) {
    if (String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED')
      continue;
    const event = new ICAL.Event(vevent);
    if (!event.startDate) continue;
    const name = (event.summary || 'Holiday').slice(0, 200);
    const uid = event.uid || `${name}@${event.startDate.toString()}`;
    const tzids = {
      start: (vevent.getFirstProperty('dtstart')?.getParameter('tzid') as string) ?? null,
      end: (vevent.getFirstProperty('dtend')?.getParameter('tzid') as string) ?? null,
    };
    const end = event.endDate ?? event.startDate;
    const rrule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    if (!rrule || (isPlainYearly(rrule) && event.startDate.isDate)) {
      holidays.push(holidayOf(name, uid, event.startDate, end, tzids, zone, rrule !== null));
      continue;
    }
    const horizon = DateTime.fromJSDate(now).plus({ years: EXPAND_YEARS });
    const iterator = event.iterator();
    for (let n = 0, next = iterator.next(); next && n < MAX_OCCURRENCES; next = iterator.next()) {
      const occurrence = event.getOccurrenceDetails(next);
      const at = DateTime.fromObject({ year: next.year, month: next.month, day: next.day });
      if (at > horizon) break;
      if (occurrence.endDate.toJSDate() < now) continue;
      n += 1;
      holidays.push(
        holidayOf(
          name,
          `${uid}#${at.toISODate()}`,
          occurrence.startDate,
          occurrence.endDate,
          tzids,
          zone,
          false,
        ),
      );
    }
  }
  return holidays;
}
