import type { BusinessCalendar, SlaAction, SlaPolicy, SlaTargetInput } from '@kefu/contracts';
import type { BusinessCalendarRow, CalendarHolidayRow, SlaPolicyRow } from '../../db/schema-sla.ts';
import type { ClockCycle } from './sla-clocks.ts';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type HolidayRow = Pick<
  CalendarHolidayRow,
  | 'id'
  | 'calendar_id'
  | 'name'
  | 'start_date'
  | 'end_date'
  | 'start_minute'
  | 'end_minute'
  | 'yearly'
  | 'source_uid'
>;

export function presentCalendar(
  row: BusinessCalendarRow,
  holidays: HolidayRow[],
): BusinessCalendar {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    intervals: row.intervals,
    holidays: holidays
      .filter((h) => h.calendar_id === row.id)
      .map((h) => ({
        id: h.id,
        name: h.name,
        startDate: h.start_date,
        endDate: h.end_date,
        startMinute: h.start_minute,
        endMinute: h.end_minute,
        yearly: h.yearly,
        sourceUid: h.source_uid,
      })),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentPolicy(row: SlaPolicyRow): SlaPolicy {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    calendarId: row.calendar_id,
    conditions: row.conditions,
    targets: row.targets as SlaTargetInput[],
    warningMinutes: row.warning_minutes,
    warningActions: row.warning_actions as SlaAction[],
    breachActions: row.breach_actions as SlaAction[],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentClock(cycle: ClockCycle) {
  return {
    metric: cycle.metric,
    cycle: cycle.cycle,
    state: cycle.state,
    startedAt: new Date(cycle.startedAt).toISOString(),
    stoppedAt: isoOrNull(cycle.stoppedAt),
    dueAt: isoOrNull(cycle.dueAt),
    breachedAt: isoOrNull(cycle.breachedAt),
    elapsedMs: cycle.elapsedMs,
    targetMs: cycle.targetMs,
    businessHours: cycle.businessHours,
  };
}
