import { z } from 'zod';
import { Id, Name, Timestamp } from './common.ts';
import { Channel, ConversationStatus, Priority } from './conversations.ts';
import { CustomerTier } from './customers.ts';
import { SurveyRating } from './surveys.ts';
import { TagName } from './workspace.ts';

const Text = z.string().trim().min(1).max(500);
const FieldKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/);
const is = z.enum(['is', 'is_not']);

/**
 * One condition of a trigger or time rule. Fields and operators are closed lists, so nothing a
 * supervisor types ever becomes part of a query (catalogue I1).
 */
export const AutomationCondition = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('status'), op: is, value: ConversationStatus }),
  z.strictObject({ field: z.literal('priority'), op: is, value: Priority }),
  z.strictObject({ field: z.literal('channel'), op: is, value: Channel }),
  /** null: unassigned / no team. */
  z.strictObject({ field: z.literal('assigneeId'), op: is, value: Id.nullable() }),
  z.strictObject({ field: z.literal('teamId'), op: is, value: Id.nullable() }),
  z.strictObject({
    field: z.literal('tag'),
    op: z.enum(['present', 'absent']),
    value: TagName,
  }),
  /** A conversation custom field, compared as text; `is_set` ignores the value. */
  z.strictObject({
    field: z.literal('customField'),
    key: FieldKey,
    op: z.enum(['is', 'is_not', 'contains', 'is_set', 'is_not_set']),
    value: z.string().max(200).default(''),
  }),
  z.strictObject({ field: z.literal('customer.tier'), op: is, value: CustomerTier }),
  /** The customer's name or any e-mail address of theirs contains the text (case-insensitive). */
  z.strictObject({
    field: z.literal('customer.email'),
    op: z.enum(['contains', 'not_contains']),
    value: Text,
  }),
  /** The message that caused this run (triggers only): case-insensitive text match. */
  z.strictObject({
    field: z.literal('message.text'),
    op: z.enum(['contains', 'not_contains']),
    value: Text,
  }),
  z.strictObject({
    field: z.literal('message.author'),
    op: is,
    value: z.enum(['customer', 'agent']),
  }),
  /**
   * The survey rating that caused this run (triggers only): a bucket of metrics.md §4, or
   * `low` for any low one (CSAT bad, NPS detractor, CES disagree).
   */
  z.strictObject({
    field: z.literal('survey.rating'),
    op: is,
    value: z.enum([...SurveyRating.options, 'low']),
  }),
  /** Local time of day in the workspace's time zone: from ≤ hour < to (wraps past midnight). */
  z.strictObject({
    field: z.literal('time.hour'),
    op: z.enum(['between', 'not_between']),
    from: z.number().int().min(0).max(23),
    to: z.number().int().min(1).max(24),
  }),
  /** Weekday in the workspace's time zone, ISO numbering (Monday = 1). */
  z.strictObject({
    field: z.literal('time.weekday'),
    op: z.enum(['in', 'not_in']),
    value: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  }),
]);
export type AutomationCondition = z.infer<typeof AutomationCondition>;

/** What a macro may do: change fields, tags, and write a reply or note (with variables). */
const macroActions = [
  z.strictObject({ type: z.literal('set_status'), status: ConversationStatus }),
  z.strictObject({ type: z.literal('set_priority'), priority: Priority }),
  /** null unassigns. */
  z.strictObject({ type: z.literal('assign'), assigneeId: Id.nullable() }),
  z.strictObject({ type: z.literal('set_team'), teamId: Id.nullable() }),
  z.strictObject({ type: z.literal('add_tags'), tags: z.array(TagName).min(1).max(20) }),
  z.strictObject({ type: z.literal('remove_tags'), tags: z.array(TagName).min(1).max(20) }),
  /** `{{customer.name}}`, `{{customer.email}}`, `{{agent.name}}`, `{{conversation.id}}`. */
  z.strictObject({
    type: z.literal('reply'),
    visibility: z.enum(['public', 'internal']),
    body: z.string().trim().min(1).max(10_000),
  }),
] as const;

export const MacroAction = z.discriminatedUnion('type', [...macroActions]);
export type MacroAction = z.infer<typeof MacroAction>;

/** What a trigger or time rule may do: a macro's actions, plus notify and webhook. */
export const AutomationAction = z.discriminatedUnion('type', [
  ...macroActions,
  /** A realtime notice to the assignee (or, unassigned, to everyone on the team/workspace). */
  z.strictObject({ type: z.literal('notify'), text: Text }),
  /**
   * POST a signed JSON payload to an http(s) URL. Private, loopback, link-local, multicast and
   * unspecified targets are refused when saved and again, after resolving, when sent.
   */
  z.strictObject({ type: z.literal('webhook'), url: z.url().max(2000) }),
]);
export type AutomationAction = z.infer<typeof AutomationAction>;

const conditionsFields = {
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(AutomationCondition).max(30).default([]),
};

export const TriggerEvent = z.enum(['created', 'updated']);
export const Trigger = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  events: z.array(TriggerEvent),
  match: z.enum(['all', 'any']),
  conditions: z.array(AutomationCondition),
  actions: z.array(AutomationAction),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Trigger = z.infer<typeof Trigger>;
export const CreateTriggerBody = z.strictObject({
  name: Name,
  enabled: z.boolean().default(true),
  events: z.array(TriggerEvent).min(1).max(2),
  ...conditionsFields,
  actions: z.array(AutomationAction).min(1).max(20),
});
export const UpdateTriggerBody = z
  .strictObject({
    name: Name.optional(),
    enabled: z.boolean().optional(),
    events: z.array(TriggerEvent).min(1).max(2).optional(),
    match: z.enum(['all', 'any']).optional(),
    conditions: z.array(AutomationCondition).max(30).optional(),
    actions: z.array(AutomationAction).min(1).max(20).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');
/** The triggers' new order, first runs first: every trigger's id exactly once. */
export const ReorderTriggersBody = z.strictObject({ ids: z.array(Id).min(1).max(500) });

/**
 * A time rule: conversations in `status` for at least `hours` (since they entered it) that
 * meet the conditions get the actions, once per stay in that status.
 */
export const TimeRule = z.object({
  id: Id,
  name: z.string(),
  enabled: z.boolean(),
  status: ConversationStatus,
  hours: z.number(),
  match: z.enum(['all', 'any']),
  conditions: z.array(AutomationCondition),
  actions: z.array(AutomationAction),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TimeRule = z.infer<typeof TimeRule>;
const Hours = z.number().min(0.25).max(8760);
export const CreateTimeRuleBody = z.strictObject({
  name: Name,
  enabled: z.boolean().default(true),
  status: ConversationStatus,
  hours: Hours,
  ...conditionsFields,
  actions: z.array(AutomationAction).min(1).max(20),
});
export const UpdateTimeRuleBody = z
  .strictObject({
    name: Name.optional(),
    enabled: z.boolean().optional(),
    status: ConversationStatus.optional(),
    hours: Hours.optional(),
    match: z.enum(['all', 'any']).optional(),
    conditions: z.array(AutomationCondition).max(30).optional(),
    actions: z.array(AutomationAction).min(1).max(20).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

export const Macro = z.object({
  id: Id,
  name: z.string(),
  actions: z.array(MacroAction),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Macro = z.infer<typeof Macro>;
export const CreateMacroBody = z.strictObject({
  name: Name,
  actions: z.array(MacroAction).min(1).max(20),
});
export const UpdateMacroBody = z
  .strictObject({
    name: Name.optional(),
    actions: z.array(MacroAction).min(1).max(20).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');
export const ApplyMacroParams = z.strictObject({ id: Id, macroId: Id });

/** The workspace's webhook signing secret (admins only), for receivers to verify payloads. */
export const WebhookSecret = z.object({ secret: z.string() });

export const ProcedureStepInput = z.strictObject({
  /** Kept across edits so ticks stay on their step; new steps get one from the server. */
  id: z
    .string()
    .regex(/^[a-z0-9]{1,16}$/)
    .optional(),
  title: Text,
});
export const Procedure = z.object({
  id: Id,
  name: z.string(),
  /** The tag that names the request type: conversations with it follow this procedure. */
  tag: z.string(),
  steps: z.array(z.object({ id: z.string(), title: z.string() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Procedure = z.infer<typeof Procedure>;
export const CreateProcedureBody = z.strictObject({
  name: Name,
  tag: TagName,
  steps: z.array(ProcedureStepInput).min(1).max(50),
});
export const UpdateProcedureBody = z
  .strictObject({
    name: Name.optional(),
    tag: TagName.optional(),
    steps: z.array(ProcedureStepInput).min(1).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

/** A procedure as one conversation follows it: each step with who ticked it and when. */
export const ConversationProcedure = z.object({
  procedureId: Id,
  name: z.string(),
  tag: z.string(),
  steps: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      done: z.boolean(),
      doneBy: Id.nullable(),
      doneAt: Timestamp.nullable(),
    }),
  ),
});
export type ConversationProcedure = z.infer<typeof ConversationProcedure>;
export const ProcedureStepParams = z.strictObject({
  id: Id,
  procedureId: Id,
  stepId: z.string().regex(/^[a-z0-9]{1,16}$/),
});
export const TickStepBody = z.strictObject({ done: z.boolean() });
