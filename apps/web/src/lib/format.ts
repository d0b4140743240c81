import type { Locale } from './types.ts';

/** Date and number formatting in the user's locale and time zone. */
export interface Formatter {
  locale: Locale;
  timeZone: string;
  /** "14:05" today, "Mon 14:05" this week, "3 Mar" this year, else "3 Mar 2025". */
  shortDate(value: string | Date): string;
  /** Full date and time for tooltips and detail panes. */
  dateTime(value: string | Date): string;
  /** "5 min ago", "in 2 hours", for recent times. */
  relative(value: string | Date): string;
  /** A date without time ("3 Mar 2026"). */
  date(value: string | Date): string;
  /** The calendar day, for day separators ("Monday, 3 March 2026"). */
  day(value: string | Date): string;
  /** A key that is equal for times on the same day in the user's time zone. */
  dayKey(value: string | Date): string;
  number(value: number): string;
  fileSize(bytes: number): string;
}

/** The browser's time zone, or UTC if it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const day = 24 * 60 * 60 * 1000;

function dayKey(date: Date, timeZone: string) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(date);
}

/** Builds a formatter; `now` is injectable so tests control time. */
export function createFormatter(
  locale: Locale,
  timeZone: string,
  now: () => Date = () => new Date(),
): Formatter {
  // English reads "7:30 AM"; Chinese reads "07:30".
  const hour = locale === 'en' ? 'numeric' : '2-digit';
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour, minute: '2-digit' });
  const weekday = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    hour,
    minute: '2-digit',
  });
  const monthDay = new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric' });
  const full = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const fullDay = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const numbers = new Intl.NumberFormat(locale);
  const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

  return {
    locale,
    timeZone,
    shortDate(value) {
      const date = toDate(value);
      const current = now();
      if (dayKey(date, timeZone) === dayKey(current, timeZone)) return time.format(date);
      const age = current.getTime() - date.getTime();
      if (age >= 0 && age < 6 * day) return weekday.format(date);
      const sameYear =
        new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(date) ===
        new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(current);
      return sameYear ? monthDay.format(date) : full.format(date);
    },
    dateTime: (value) => dateTime.format(toDate(value)),
    relative(value) {
      const seconds = Math.round((toDate(value).getTime() - now().getTime()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return relative.format(0, 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
      return relative.format(Math.round(seconds / 86400), 'day');
    },
    date: (value) => full.format(toDate(value)),
    day: (value) => fullDay.format(toDate(value)),
    dayKey: (value) => dayKey(toDate(value), timeZone),
    number: (value) => numbers.format(value),
    fileSize(bytes) {
      const units = ['B', 'KB', 'MB', 'GB'];
      let size = bytes;
      let unit = 0;
      while (size >= 1024 && unit < units.length - 1) {
        size /= 1024;
        unit += 1;
      }
      const digits = unit === 0 || size >= 10 ? 0 : 1;
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(size)} ${units[unit]}`;
    },
  };
}
