import type { ConversationStatus } from './conversations.ts';
import type { RealtimeEvent } from './events.ts';
import type { InboxCounts } from './inbox.ts';

/**
 * `openishStatuses` of inbox.ts, repeated here so this file imports no zod: the browser apps
 * bundle these helpers and must not carry the schemas (apps/web/src/lib/contracts-runtime.test.ts
 * keeps the two lists equal).
 */
const openishStatuses: readonly ConversationStatus[] = ['new', 'open', 'pending', 'on_hold'];

/** The fields of a conversation that decide which inbox views count it. */
export interface CountedFields {
  status: ConversationStatus;
  assigneeId: string | null;
  teamId: string | null;
  mergedIntoId: string | null;
}

/** Whose counts these are: the signed-in agent and the teams they belong to. */
export interface InboxViewer {
  userId: string | null;
  teamIds: readonly string[];
}

const isOpenish = (status: ConversationStatus) => openishStatuses.includes(status);

/** Adds `n` conversations with these fields to `counts` in place (`n` may be negative). */
function add(counts: InboxCounts, c: CountedFields, viewer: InboxViewer, n: number) {
  if (c.mergedIntoId !== null) return;
  counts.byStatus[c.status] += n;
  if (!isOpenish(c.status)) return;
  counts.all += n;
  if (c.assigneeId === null) counts.unassigned += n;
  else if (c.assigneeId === viewer.userId) counts.mine += n;
  if (c.teamId !== null && viewer.teamIds.includes(c.teamId)) {
    counts.myTeams += n;
    counts.byTeam[c.teamId] = (counts.byTeam[c.teamId] ?? 0) + n;
  }
}

const copy = (counts: InboxCounts): InboxCounts => ({
  ...counts,
  byStatus: { ...counts.byStatus },
  byTeam: { ...counts.byTeam },
});

/** Counts with every view at zero, and a zero for each of the viewer's teams. */
export function emptyInboxCounts(viewer: InboxViewer): InboxCounts {
  return {
    mine: 0,
    unassigned: 0,
    myTeams: 0,
    all: 0,
    byStatus: { new: 0, open: 0, pending: 0, on_hold: 0, solved: 0, closed: 0 },
    byTeam: Object.fromEntries(viewer.teamIds.map((id) => [id, 0])),
  };
}

/**
 * New counts with `n` more conversations that have these fields (the server sums its counter
 * rows with it). Pure: returns a new object.
 */
export function addToInboxCounts(
  counts: InboxCounts,
  fields: CountedFields,
  viewer: InboxViewer,
  n = 1,
): InboxCounts {
  const next = copy(counts);
  add(next, fields, viewer, n);
  return next;
}

/**
 * New counts after one conversation changed from `before` to `after` (null: it did not exist).
 * Pure: returns a new object and leaves `counts` as it was.
 *
 * @example adjustInboxCounts(counts, countChangeOf(event) ?? { before: null, after: null }, viewer)
 */
export function adjustInboxCounts(
  counts: InboxCounts,
  change: { before: CountedFields | null; after: CountedFields | null },
  viewer: InboxViewer,
): InboxCounts {
  const next = copy(counts);
  if (change.before) add(next, change.before, viewer, -1);
  if (change.after) add(next, change.after, viewer, 1);
  return next;
}

/**
 * The count change a realtime event stands for, or null when it changes no count:
 * `conversation.created` adds the conversation; `conversation.updated` moves it from its
 * `previous` fields to its new ones.
 */
export function countChangeOf(
  event: Pick<RealtimeEvent, 'type' | 'payload'>,
): { before: CountedFields | null; after: CountedFields } | null {
  if (event.type === 'conversation.created') {
    const { conversation } = event.payload as RealtimeEvent<'conversation.created'>['payload'];
    return { before: null, after: conversation };
  }
  if (event.type === 'conversation.updated') {
    // Events recorded before `previous` existed may still be replayed: treat them as no change.
    const { conversation, previous } = event.payload as Partial<
      RealtimeEvent<'conversation.updated'>['payload']
    >;
    if (!previous || !conversation) return null;
    return { before: previous, after: conversation };
  }
  return null;
}
