import { z } from 'zod';
import { Id, Locale, PageQuery, Timestamp } from './common.ts';
import { ConversationStatus } from './conversations.ts';

/**
 * A shortcut an agent types after `/` in the composer: letters (any script, so `退款` works),
 * digits, `_`, `-` and `.`, no spaces. Unique per workspace regardless of case (`Refund` and
 * `refund` are the same shortcut).
 */
export const CannedResponseShortcut = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u,
    'Use letters, digits, "_", "-" or "." without spaces, starting with a letter or digit',
  );

/** Plain text with `{{customer.name}}`-style variables; see `renderCannedResponse`. */
export const CannedResponseBodyText = z
  .string()
  .max(10_000)
  .refine((s) => s.trim() !== '', 'The text cannot be empty');

/**
 * A canned response (a reply template). Shared by the whole workspace: every agent can list
 * and insert every canned response; admins and the author may change or delete it.
 * `canEdit` says whether the caller may, so the UI can hide the buttons.
 */
export const CannedResponse = z.object({
  id: Id,
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
  createdBy: Id.nullable(),
  canEdit: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CannedResponse = z.infer<typeof CannedResponse>;

export const CreateCannedResponseBody = z.strictObject({
  shortcut: CannedResponseShortcut,
  title: z.string().trim().min(1).max(200),
  body: CannedResponseBodyText,
});

export const UpdateCannedResponseBody = z
  .strictObject({
    shortcut: CannedResponseShortcut.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    body: CannedResponseBodyText.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

/**
 * `q` matches, ignoring case, anywhere in the shortcut or the title (`fund` finds `refund`).
 * Results whose shortcut starts with `q` come first, then the rest, each by shortcut.
 */
export const CannedResponseListQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional(),
  ...PageQuery,
  limit: PageQuery.limit.default(50),
});

/**
 * Inbox view counts for the signed-in agent, read from counters the database keeps exact (no
 * count query over conversations). Merged conversations are never counted.
 *
 * "Open-ish" means status `new`, `open`, `pending` or `on_hold`, that is not `solved`, not
 * `closed` and not merged. The views match `GET /api/v1/conversations` filters:
 * - `mine`: open-ish and assigned to me (`assigneeId=me&status=new,open,pending,on_hold`);
 * - `unassigned`: open-ish with no assignee, whatever the team (`assigneeId=none&status=…`);
 * - `myTeams`: open-ish and in one of my teams, whoever is assigned (`teamId=mine&status=…`);
 *   `byTeam` splits it per team (`teamId=<id>&status=…`);
 * - `all`: every open-ish conversation;
 * - `byStatus`: every conversation that is not merged, per status (solved and closed too).
 *
 * API tokens have no "me": their `mine`, `myTeams` and `byTeam` are zero and empty.
 *
 * Keeping them live in the UI: apply `adjustInboxCounts` to each `conversation.created` and
 * `conversation.updated` event (the latter carries `previous` when a counted field changed),
 * and fetch the counts again after the socket reconnects or after a replay gap, since a team or
 * agent deleted by an admin changes counts without a conversation event.
 */
export const InboxCounts = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  myTeams: z.number().int(),
  all: z.number().int(),
  byStatus: z.record(ConversationStatus, z.number().int()),
  byTeam: z.record(Id, z.number().int()),
});
export type InboxCounts = z.infer<typeof InboxCounts>;

/** The statuses counted as "open-ish" in inbox views. */
export const openishStatuses = ['new', 'open', 'pending', 'on_hold'] as const;

/** The user's own settings: UI language and time zone (null: the workspace's time zone). */
export const Preferences = z.object({
  locale: Locale,
  timezone: z.string().nullable(),
});
export const UpdatePreferencesBody = z
  .strictObject({
    locale: Locale.optional(),
    /** An IANA zone such as `Asia/Shanghai`; null goes back to the workspace's zone. */
    timezone: z.string().trim().min(1).max(64).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');
