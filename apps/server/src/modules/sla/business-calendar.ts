import { DateTime } from 'luxon';

/** Open hours on one ISO weekday (Monday = 1), local wall-clock time; `end` may be `24:00`. */
export interface BusinessInterval {
  weekday: number;
  start: string;
  end: string;
}

/**
 * A closure in the calendar's time zone: whole days from `startDate` to `endDate` (inclusive),
 * or from `startMinute` on the first day to `endMinute` on the last (a timed iCal event).
 * `yearly` repeats it on the same month and day every year.
 */
export interface Holiday {
  startDate: string;
  endDate: string;
  startMinute: number | null;
  endMinute: number | null;
  yearly: boolean;
}

export interface BusinessCalendar {
  timezone: string;
  intervals: BusinessInterval[];
  holidays: Holiday[];
}

const DAY_MINUTES = 1440;
/** How far ahead arithmetic looks for open time before it gives up (a calendar always closed). */
const HORIZON_DAYS = 3 * 366;
const CHUNK_DAYS = 42;

/** `HH:MM` (or `24:00`) → minutes after midnight. */
export function parseClock(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`not a time of day: ${value}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > DAY_MINUTES)
    throw new Error(`not a time of day: ${value}`);
  return minutes;
}

type Range = [number, number];

/** Minute ranges a holiday closes on one local date, or none. */
function closedMinutes(holiday: Holiday, date: DateTime): Range | null {
  const iso = date.toISODate()!;
  const years = holiday.yearly ? [date.year, date.year - 1] : [null];
  for (const year of years) {
    const start = year === null ? holiday.startDate : withYear(holiday.startDate, year);
    const end =
      year === null
        ? holiday.endDate
        : withYear(holiday.endDate, year + yearsSpanned(holiday.startDate, holiday.endDate));
    if (iso < start || iso > end) continue;
    const from = iso === start ? (holiday.startMinute ?? 0) : 0;
    const to = iso === end ? (holiday.endMinute ?? DAY_MINUTES) : DAY_MINUTES;
    return [from, to];
  }
  return null;
}

const withYear = (isoDate: string, year: number) =>
  `${String(year).padStart(4, '0')}${isoDate.slice(4)}`;
const yearsSpanned = (from: string, to: string) =>
  Number(to.slice(0, 4)) - Number(from.slice(0, 4));

/** Subtracts closed ranges from open ones (all within one day). */
function subtract(open: Range[], closed: Range[]): Range[] {
  let result = open;
  for (const [cs, ce] of closed) {
    result = result.flatMap(([os, oe]): Range[] => {
      if (ce <= os || cs >= oe) return [[os, oe]];
      const parts: Range[] = [];
      if (cs > os) parts.push([os, cs]);
      if (ce < oe) parts.push([ce, oe]);
      return parts;
    });
  }
  return result;
}

/** Sorted, merged open minute ranges of one local date. */
function openMinutesOf(calendar: BusinessCalendar, date: DateTime): Range[] {
  const open = calendar.intervals
    .filter((i) => i.weekday === date.weekday)
    .map((i): Range => [parseClock(i.start), parseClock(i.end)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const range of open) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  const closed = calendar.holidays
    .map((h) => closedMinutes(h, date))
    .filter((r): r is Range => r !== null);
  return subtract(merged, closed);
}

/** The instant of a local wall-clock minute; a minute skipped by a DST jump moves forward. */
function instantOf(date: DateTime, minute: number): number {
  if (minute >= DAY_MINUTES) return date.plus({ days: 1 }).startOf('day').toMillis();
  return date.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

/**
 * A calendar's open time as sorted instant intervals with running totals, built lazily over a
 * window of local days, so both operations below are binary searches. One timeline serves many
 * conversations (the SLA evaluation of a whole workspace shares it).
 */
export class BusinessTimeline {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Open milliseconds before interval i. */
  private before: number[] = [];
  private firstDay: DateTime | null = null;
  private lastDay: DateTime | null = null;
  /** Instants whose local days (with a day either side) are surely in the window. */
  private safeFrom = Infinity;
  private safeTo = -Infinity;
  private readonly hasOpenWeekday: boolean;

  constructor(private readonly calendar: BusinessCalendar) {
    this.hasOpenWeekday = calendar.intervals.some((i) => parseClock(i.end) > parseClock(i.start));
  }

  /** Open time between two instants (0 when `to` is not after `from`). */
  between(from: number, to: number): number {
    if (to <= from || !this.hasOpenWeekday) return 0;
    this.cover(from, to);
    return this.totalAt(to) - this.totalAt(from);
  }

  /** The instant `ms` of open time after `from`, or null when none comes within three years. */
  add(from: number, ms: number): number | null {
    if (!this.hasOpenWeekday) return null;
    this.cover(from, from);
    const target = this.totalAt(from) + ms;
    for (let days = 0; days <= HORIZON_DAYS; days += CHUNK_DAYS) {
      const n = this.starts.length;
      if (n > 0 && this.before[n - 1]! + (this.ends[n - 1]! - this.starts[n - 1]!) >= target) {
        return this.instantAtTotal(target, ms === 0 ? from : null);
      }
      this.extendForward();
    }
    return null;
  }

  /** Whether the calendar is open at an instant. */
  isOpen(at: number): boolean {
    this.cover(at, at);
    const i = this.indexAtOrBefore(at);
    return i >= 0 && at < this.ends[i]!;
  }

  private totalAt(at: number): number {
    const i = this.indexAtOrBefore(at);
    if (i < 0) return 0;
    return this.before[i]! + Math.min(at, this.ends[i]!) - this.starts[i]!;
  }

  private instantAtTotal(target: number, exactly: number | null): number {
    if (exactly !== null) return exactly;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before[mid]! + (this.ends[mid]! - this.starts[mid]!) >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.starts[lo]! + (target - this.before[lo]!);
  }

  /** The last interval starting at or before `at`, or -1. */
  private indexAtOrBefore(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Makes the window cover the local days of both instants (plus a day either side). */
  private cover(from: number, to: number) {
    // The common case, no time zone arithmetic at all: both instants well inside the window.
    if (from >= this.safeFrom && to < this.safeTo) return;
    const zone = this.calendar.timezone;
    // Built with room either side, so the instants that follow (other conversations, due
    // times a few weeks ahead) land inside without another rebuild.
    const first = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 7 });
    const last = DateTime.fromMillis(to, { zone }).startOf('day').plus({ days: CHUNK_DAYS });
    if (!this.firstDay || !this.lastDay) {
      this.build(first, last);
      return;
    }
    if (first < this.firstDay || last > this.lastDay) {
      this.build(
        first < this.firstDay ? first : this.firstDay,
        last > this.lastDay ? last : this.lastDay,
      );
    }
  }

  private extendForward() {
    this.build(this.firstDay!, this.lastDay!.plus({ days: CHUNK_DAYS }));
  }

  private build(first: DateTime, last: DateTime) {
    const starts: number[] = [];
    const ends: number[] = [];
    for (let day = first; day <= last; day = day.plus({ days: 1 })) {
      for (const [s, e] of openMinutesOf(this.calendar, day)) {
        const start = instantOf(day, s);
        const end = instantOf(day, e);
        if (end <= start) continue;
        // Adjacent days (a 24:00 end and a 00:00 start) join into one interval.
        if (ends.length && ends[ends.length - 1] === start) ends[ends.length - 1] = end;
        else {
          starts.push(start);
          ends.push(end);
        }
      }
    }
    const before: number[] = [];
    let total = 0;
    for (let i = 0; i < starts.length; i += 1) {
      before.push(total);
      total += ends[i]! - starts[i]!;
    }
    Object.assign(this, { starts, ends, before, firstDay: first, lastDay: last });
    // A local day is at most 26 hours long, so two days in from each end is safely covered.
    this.safeFrom = first.toMillis() + 2 * 86_400_000;
    this.safeTo = last.toMillis() - 86_400_000;
  }
}

/**
 * Business time between two instants, in milliseconds.
 *
 * @example businessTimeBetween(weekdays9to5, mondayAt8, mondayAt10) // 3_600_000
 */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return new BusinessTimeline(calendar).between(from.getTime(), to.getTime());
}

/**
 * The instant `ms` of business time after `from`; null when the calendar never opens.
 *
 * @example addBusinessTime(weekdays9to5, fridayAt16, 2 * 3_600_000) // Monday 10:00
 */
export function addBusinessTime(calendar: BusinessCalendar, from: Date, ms: number): Date | null {
  const at = new BusinessTimeline(calendar).add(from.getTime(), ms);
  return at === null ? null : new Date(at);
}
