import type { MessageKey, Vars } from '../i18n/translate.ts';
import type { TimelineEvent } from '../lib/types.ts';

export interface TimelineContext {
  t: (key: MessageKey, vars?: Vars) => string;
  agentName: (id: string | null) => string | null;
  teamName: (id: string | null) => string | null;
}

const isStatus = (
  value: unknown,
): value is 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed' =>
  typeof value === 'string' &&
  ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'].includes(value);
const isPriority = (value: unknown): value is 'low' | 'normal' | 'high' | 'urgent' =>
  typeof value === 'string' && ['low', 'normal', 'high', 'urgent'].includes(value);
const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';
const list = (value: unknown) => (Array.isArray(value) ? value.map(text).filter(Boolean) : []);

function actorOf(event: TimelineEvent, context: TimelineContext): string {
  switch (event.actorType) {
    case 'user':
      return context.agentName(event.actorId) ?? context.t('author.agent');
    case 'customer':
      return context.t('author.customer');
    case 'api_token':
      return 'API';
    case 'system':
      return context.t('author.system');
  }
}

/**
 * One line describing a change on the conversation's timeline ("Alex set status to Solved"),
 * or null for events the thread does not show. All values end up as text.
 */
export function describeTimelineEvent(
  event: TimelineEvent,
  context: TimelineContext,
): string | null {
  const { t } = context;
  const actor = actorOf(event, context);
  const { data } = event;
  switch (event.type) {
    case 'status.changed':
      return isStatus(data.to)
        ? t('timeline.status', { actor, status: t(`status.${data.to}`) })
        : null;
    case 'priority.changed':
      return isPriority(data.to)
        ? t('timeline.priority', { actor, priority: t(`priority.${data.to}`) })
        : null;
    case 'assignee.changed': {
      const name = context.agentName(typeof data.to === 'string' ? data.to : null);
      return data.to
        ? t('timeline.assigned', { actor, name: name ?? t('author.agent') })
        : t('timeline.unassigned', { actor });
    }
    case 'team.changed': {
      const name = context.teamName(typeof data.to === 'string' ? data.to : null);
      return data.to
        ? t('timeline.team', { actor, name: name ?? '—' })
        : t('timeline.noTeam', { actor });
    }
    case 'tags.changed': {
      const before = list(data.from);
      const after = list(data.to);
      const added = after.filter((tag) => !before.includes(tag));
      const removed = before.filter((tag) => !after.includes(tag));
      const parts = [
        ...(added.length ? [t('timeline.tagsAdded', { tags: added.join(', ') })] : []),
        ...(removed.length ? [t('timeline.tagsRemoved', { tags: removed.join(', ') })] : []),
      ];
      return parts.length ? `${actor} ${parts.join(', ')}` : null;
    }
    case 'conversation.merged_into':
      return t('timeline.mergedInto', { actor, number: text(data.targetNumber) });
    case 'conversation.merged_from':
      return t('timeline.mergedFrom', { actor, number: text(data.sourceNumber) });
    default:
      return null;
  }
}
