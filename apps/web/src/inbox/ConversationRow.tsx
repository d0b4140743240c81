import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../lib/router.tsx';
import type { Conversation } from '../lib/types.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { PriorityBadge, StatusBadge } from '../ui/Badge.tsx';
import { ChannelIcon } from '../ui/ChannelIcon.tsx';
import { SlaBadge } from '../sla/SlaBadge.tsx';
import type { Snippet } from './useConversationList.ts';

interface Props {
  conversation: Conversation;
  snippet: Snippet | undefined;
  href: string;
  isActive: boolean;
  isOpen: boolean;
  tabIndex: number;
  onFocus: () => void;
}

/** One conversation in the list: who, what, where, state and when, all as text. */
export function ConversationRow({
  conversation,
  snippet,
  href,
  isActive,
  isOpen,
  tabIndex,
  onFocus,
}: Props) {
  const { t, format } = useI18n();
  const { agentName } = useWorkspace();
  const name = conversation.customer.name ?? t('list.anonymous');
  const assignee = agentName(conversation.assigneeId);
  const when = conversation.lastMessageAt ?? conversation.updatedAt;
  const subject = conversation.subject?.trim() || t('list.noSubject');
  return (
    <li>
      <Link
        to={href}
        data-id={conversation.id}
        className={`conversation-row ${isActive ? 'active' : ''} ${isOpen ? 'open' : ''} status-${conversation.status}`}
        aria-current={isOpen ? 'true' : undefined}
        tabIndex={tabIndex}
        onFocus={onFocus}
      >
        <Avatar name={name} size={32} />
        <div className="row-main">
          <div className="row-line">
            <span className="row-name truncate">{name}</span>
            <span className="row-number">#{conversation.number}</span>
            <time className="row-time" dateTime={when} title={format.dateTime(when)}>
              {format.shortDate(when)}
            </time>
          </div>
          <div className="row-subject truncate">
            {subject}
            {snippet ? (
              <span className={`row-snippet ${snippet.internal ? 'internal' : ''}`}>
                {' — '}
                {snippet.internal ? `${t('message.internalNote')}: ` : ''}
                {snippet.body}
              </span>
            ) : null}
          </div>
          <div className="row-meta">
            <ChannelIcon channel={conversation.channel} />
            <StatusBadge status={conversation.status} />
            <PriorityBadge priority={conversation.priority} />
            <SlaBadge sla={conversation.sla} compact />
            <span className={`row-assignee truncate ${assignee ? '' : 'muted'}`}>
              {assignee ?? t('list.unassigned')}
            </span>
          </div>
        </div>
      </Link>
    </li>
  );
}
