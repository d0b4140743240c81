import { z } from 'zod';
import { Id, Name, Timestamp } from './common.ts';
import { Channel, Priority } from './conversations.ts';
import { CustomerTier } from './customers.ts';

/** Re-exported for modules that took it from here first (it lives with the customer). */
export { CustomerTier };
import { ConversationSlaBadge, SlaMetric } from './sla-badge.ts';

const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM, 00:00 to 24:00');
const IsoDate = z.iso.date();

export const BusinessInterval = z
  .strictObject({ weekday: z.number().int().min(1).max(7), start: ClockTime, end: ClockTime })
  .refine((i) => i.end > i.start, { message: 'end must be after start', path: ['end'] });
export type BusinessInterval = z.infer<typeof BusinessInterval>;

export const Holiday = z.object({
  id: Id,
  name: z.string(),
  startDate: IsoDate,
  endDate: IsoDate,
  /** Minutes after local midnight on the first day (null: the whole day). */
  startMinute: z.number().int().nullable(),
  /** Minutes after local midnight on the last day (null: the whole day). */
  endMinute: z.number().int().nullable(),
  yearly: z.boolean(),
  /** Imported from an iCal file (its UID), or entered by hand (null). */
  sourceUid: z.string().nullable(),
});
export type Holiday = z.infer<typeof Holiday>;

export const BusinessCalendar = z.object({
  id: Id,
  name: z.string(),
  timezone: z.string(),
  intervals: z.array(BusinessInterval),
  holidays: z.array(Holiday),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

export const CreateCalendarBody = z.strictObject({
  name: Name,
  timezone: z.string().max(64),
  intervals: z.array(BusinessInterval).min(1).max(100),
});
export const UpdateCalendarBody = z.strictObject({
  name: Name.optional(),
  timezone: z.string().max(64).optional(),
  intervals: z.array(BusinessInterval).min(1).max(100).optional(),
});

export const CreateHolidayBody = z
  .strictObject({
    name: Name,
    startDate: IsoDate,
    endDate: IsoDate.optional(),
    startMinute: z.number().int().min(0).max(1440).nullable().optional(),
    endMinute: z.number().int().min(0).max(1440).nullable().optional(),
    yearly: z.boolean().default(false),
  })
  .refine((h) => !h.endDate || h.endDate >= h.startDate, {
    message: 'endDate must not be before startDate',
    path: ['endDate'],
  });
export const HolidayParams = z.strictObject({ id: Id, holidayId: Id });

/** An iCalendar file's text (VEVENTs: all-day or timed, RRULE YEARLY). */
export const ImportIcalBody = z.strictObject({ ics: z.string().min(1).max(1_000_000) });
export const ImportIcalResult = z.object({
  imported: z.number().int(),
  skipped: z.number().int(),
  calendar: BusinessCalendar,
});

/** Every given list must match; within a list any value matches (tags: any of them). */
export const SlaConditions = z.strictObject({
  priorities: z.array(Priority).max(4).optional(),
  channels: z.array(Channel).max(6).optional(),
  teamIds: z.array(Id).max(100).optional(),
  tiers: z.array(CustomerTier).max(2).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
});
export type SlaConditions = z.infer<typeof SlaConditions>;

export const SlaTargetInput = z.strictObject({
  metric: SlaMetric,
  priority: Priority,
  /** At least 15 seconds (metrics.md §2), at most a year. */
  minutes: z.number().min(0.25).max(525_600),
  businessHours: z.boolean().default(false),
});
export type SlaTargetInput = z.infer<typeof SlaTargetInput>;

export const SlaAction = z.discriminatedUnion('type', [
  /** A realtime `sla.alert` the workspace shows to the assignee and supervisors. */
  z.strictObject({ type: z.literal('notify') }),
  /** One step up: low → normal → high → urgent. */
  z.strictObject({ type: z.literal('raise_priority') }),
  z.strictObject({ type: z.literal('add_tag'), tag: z.string().trim().min(1).max(50) }),
  /** To a team, unassigning the agent. */
  z.strictObject({ type: z.literal('reassign'), teamId: Id }),
  /** A macro's actions, as the system (the timeline names the macro). */
  z.strictObject({ type: z.literal('run_macro'), macroId: Id }),
]);
export type SlaAction = z.infer<typeof SlaAction>;

export const SlaPolicy = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  calendarId: Id.nullable(),
  conditions: SlaConditions,
  targets: z.array(SlaTargetInput),
  warningMinutes: z.number().int(),
  warningActions: z.array(SlaAction),
  breachActions: z.array(SlaAction),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

const policyFields = {
  name: Name,
  enabled: z.boolean().default(true),
  calendarId: Id.nullable().default(null),
  conditions: SlaConditions.default({}),
  targets: z.array(SlaTargetInput).max(28).default([]),
  warningMinutes: z.number().int().min(0).max(10_080).default(15),
  warningActions: z.array(SlaAction).max(10).default([]),
  breachActions: z.array(SlaAction).max(10).default([]),
};
export const CreateSlaPolicyBody = z.strictObject(policyFields);
export const UpdateSlaPolicyBody = z.strictObject({
  name: Name.optional(),
  enabled: z.boolean().optional(),
  calendarId: Id.nullable().optional(),
  conditions: SlaConditions.optional(),
  targets: z.array(SlaTargetInput).max(28).optional(),
  warningMinutes: z.number().int().min(0).max(10_080).optional(),
  warningActions: z.array(SlaAction).max(10).optional(),
  breachActions: z.array(SlaAction).max(10).optional(),
});
/** The policies' new order, first match first: every policy's id exactly once. */
export const ReorderSlaPoliciesBody = z.strictObject({ ids: z.array(Id).min(1).max(500) });

export const SlaClock = z.object({
  metric: SlaMetric,
  cycle: z.number().int(),
  state: z.enum(['running', 'paused', 'fulfilled']),
  startedAt: Timestamp,
  stoppedAt: Timestamp.nullable(),
  dueAt: Timestamp.nullable(),
  breachedAt: Timestamp.nullable(),
  elapsedMs: z.number(),
  targetMs: z.number(),
  businessHours: z.boolean(),
});
export const ConversationSla = z.object({
  badge: ConversationSlaBadge.nullable(),
  clocks: z.array(SlaClock),
});

export const SlaAchievementQuery = z.strictObject({
  from: Timestamp,
  to: Timestamp,
});
const AchievementRow = z.object({
  /** Policy id, metric name, team id or agent id; null for "no team" / "unassigned". */
  key: z.string().nullable(),
  total: z.number().int(),
  achieved: z.number().int(),
  breached: z.number().int(),
  /** achieved / total, null when total is 0. */
  rate: z.number().nullable(),
});
export const SlaAchievement = z.object({
  from: Timestamp,
  to: Timestamp,
  byPolicy: z.array(AchievementRow),
  byMetric: z.array(AchievementRow),
  byTeam: z.array(AchievementRow),
  byAgent: z.array(AchievementRow),
});
