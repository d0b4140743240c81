import type { MessageKey, Vars } from '../i18n/translate.ts';
import type { TimelineEvent } from '../lib/types.ts';
import { surveyRatingList } from '../automations/types.ts';

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
const isSurveyKind = (value: unknown): value is 'csat' | 'nps' | 'ces' =>
  typeof value === 'string' && ['csat', 'nps', 'ces'].includes(value);
const isSurveyRating = (
  value: unknown,
): value is Exclude<(typeof surveyRatingList)[number], 'low'> =>
  value !== 'low' && surveyRatingList.some((r) => r === value);
const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';
const list = (value: unknown) => (Array.isArray(value) ? value.map(text).filter(Boolean) : []);

/** The automation named on a change it made: `{ kind, name }` in the event's data. */
function viaOf(data: Record<string, unknown>): { kind: string; name: string } | null {
  const via = data.via;
  if (typeof via !== 'object' || via === null) return null;
  const { kind, name } = via as { kind?: unknown; name?: unknown };
  return typeof kind === 'string' && typeof name === 'string' ? { kind, name } : null;
}

const automationKinds = ['trigger', 'time_rule', 'macro'] as const;
const kindLabel = (kind: string, context: TimelineContext) =>
  automationKinds.find((k) => k === kind)
    ? context.t(`automations.kind.${kind as (typeof automationKinds)[number]}`)
    : kind;

function actorOf(event: TimelineEvent, context: TimelineContext): string {
  const via = viaOf(event.data);
  if (via && event.actorType === 'system')
    return context.t('automations.timeline.by', {
      kind: kindLabel(via.kind, context),
      name: via.name,
    });
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
    case 'automation.applied': {
      const who = event.actorType === 'system' ? null : actor;
      const what = t('automations.timeline.applied', {
        kind: kindLabel(text(data.kind), context),
        name: text(data.name),
      });
      return who ? `${who}: ${what}` : what;
    }
    case 'procedure.step_done':
      return t('procedures.timeline.done', { actor, step: text(data.step) });
    case 'procedure.step_undone':
      return t('procedures.timeline.undone', { actor, step: text(data.step) });
    case 'survey.sent':
      return isSurveyKind(data.kind)
        ? t('timeline.surveySent', { kind: t(`surveys.kind.${data.kind}`) })
        : null;
    case 'survey.answered':
      return isSurveyKind(data.kind) && isSurveyRating(data.rating)
        ? t('timeline.surveyAnswered', {
            kind: t(`surveys.kind.${data.kind}`),
            score: text(data.score),
            rating: t(`surveys.rating.${data.rating}`),
          })
        : null;
    case 'conversation.merged_into':
      return t('timeline.mergedInto', { actor, number: text(data.targetNumber) });
    case 'conversation.merged_from':
      return t('timeline.mergedFrom', { actor, number: text(data.sourceNumber) });
    default:
      return null;
  }
}
