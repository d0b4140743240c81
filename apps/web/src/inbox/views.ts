import type { Conversation, ConversationSort, ConversationStatus } from '../lib/types.ts';

/** Statuses the working views show (not solved, closed or merged). */
export const openishStatuses: readonly ConversationStatus[] = ['new', 'open', 'pending', 'on_hold'];
export const allStatuses: readonly ConversationStatus[] = [
  'new',
  'open',
  'pending',
  'on_hold',
  'solved',
  'closed',
];

/**
 * An inbox view as it appears in the URL: `mine`, `unassigned`, `all`, `teams` (all my teams),
 * `team-<id>`, `status-<status>`.
 */
export type ViewId = string;

/** The filters of `GET /api/v1/conversations` this app uses. */
export interface ListQuery {
  status?: readonly ConversationStatus[];
  priority?: readonly string[];
  channel?: readonly string[];
  assigneeId?: string;
  /** A team id, or `mine` for every team the viewer belongs to. */
  teamId?: string;
  tag?: string;
  sort: ConversationSort;
  /** The viewer's teams, to place live changes in the `mine` team view; never sent. */
  myTeamIds?: readonly string[];
}

/** Extra filters the user picked (kept in the URL's query string). */
export interface UserFilters {
  status?: ConversationStatus;
  priority?: string;
  channel?: string;
  tag?: string;
  sort?: ConversationSort;
}

/** The list query for a view and the user's filters; null for an unknown view. */
export function queryForView(
  view: ViewId,
  filters: UserFilters,
  myTeamIds: readonly string[] = [],
): ListQuery | null {
  const base: ListQuery = {
    status: filters.status ? [filters.status] : openishStatuses,
    sort: filters.sort ?? 'updated_desc',
    ...(filters.priority ? { priority: [filters.priority] } : {}),
    ...(filters.channel ? { channel: [filters.channel] } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
  };
  if (view === 'mine') return { ...base, assigneeId: 'me' };
  if (view === 'unassigned') return { ...base, assigneeId: 'none' };
  if (view === 'all') return base;
  if (view === 'teams') return { ...base, teamId: 'mine', myTeamIds };
  if (view.startsWith('team-')) return { ...base, teamId: view.slice('team-'.length) };
  if (view.startsWith('status-')) {
    const status = view.slice('status-'.length) as ConversationStatus;
    if (!allStatuses.includes(status)) return null;
    return { ...base, status: [status] };
  }
  return null;
}

/** Does a conversation belong in a list with this query (as the server would decide)? */
export function matchesQuery(
  conversation: Conversation,
  query: ListQuery,
  userId: string,
): boolean {
  if (conversation.mergedIntoId !== null) return false;
  if (query.status && !query.status.includes(conversation.status)) return false;
  if (query.priority && !query.priority.includes(conversation.priority)) return false;
  if (query.channel && !query.channel.includes(conversation.channel)) return false;
  if (query.tag && !conversation.tags.includes(query.tag)) return false;
  if (query.assigneeId === 'me' && conversation.assigneeId !== userId) return false;
  if (query.assigneeId === 'none' && conversation.assigneeId !== null) return false;
  if (query.teamId === 'mine') {
    if (!conversation.teamId || !query.myTeamIds?.includes(conversation.teamId)) return false;
  } else if (query.teamId && conversation.teamId !== query.teamId) return false;
  return true;
}

function sortKey(conversation: Conversation, sort: ConversationSort): string {
  return sort.startsWith('created') ? conversation.createdAt : conversation.updatedAt;
}

/** Compares two conversations in the list's order (ties by id, like the server's cursor). */
export function compareConversations(a: Conversation, b: Conversation, sort: ConversationSort) {
  const ka = sortKey(a, sort);
  const kb = sortKey(b, sort);
  const order = ka === kb ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : ka < kb ? -1 : 1;
  return sort.endsWith('desc') ? -order : order;
}

/**
 * The list after a conversation changed: inserted in order when it matches, moved when its
 * sort key changed, removed when it no longer matches. When more pages remain, a conversation
 * that would sort after the last loaded one is left for paging, so it is not shown twice.
 */
export function applyConversation(
  list: readonly Conversation[],
  conversation: Conversation,
  query: ListQuery,
  userId: string,
  hasMore: boolean,
): Conversation[] {
  const without = list.filter((item) => item.id !== conversation.id);
  if (!matchesQuery(conversation, query, userId)) return without;
  const last = without[without.length - 1];
  if (hasMore && last && compareConversations(conversation, last, query.sort) > 0) return without;
  const index = without.findIndex(
    (item) => compareConversations(conversation, item, query.sort) < 0,
  );
  if (index === -1) return [...without, conversation];
  return [...without.slice(0, index), conversation, ...without.slice(index)];
}
