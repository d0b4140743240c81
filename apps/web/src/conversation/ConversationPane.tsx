import { useEffect, useRef, useState } from 'react';
import { CustomerPanel } from '../customer/CustomerPanel.tsx';
import { useCustomer } from '../customer/useCustomer.ts';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import type { Conversation } from '../lib/types.ts';
import { PriorityBadge, StatusBadge } from '../ui/Badge.tsx';
import { SlaBadge } from '../sla/SlaBadge.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Spinner } from '../ui/Spinner.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { MergeDialog } from './MergeDialog.tsx';
import { PresenceBar } from './PresenceBar.tsx';
import { type ConversationPatch, PropertiesPanel } from './PropertiesPanel.tsx';
import { Thread } from './Thread.tsx';
import { useConversation, useThread, useTimeline } from './useConversation.ts';
import { describeTimelineEvent } from './timeline.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { usePresence } from './usePresence.ts';
import { MacroMenu } from '../automations/MacroMenu.tsx';
import { ProcedureChecklist } from '../automations/ProcedureChecklist.tsx';
import { ConversationSurveys } from '../surveys/ConversationSurveys.tsx';
import { canEditKnowledge } from '../knowledge/knowledge-view.ts';
import { AssistPanel } from './assist/AssistPanel.tsx';

/** What the inbox asks of the open conversation (from a keyboard shortcut). */
export interface PaneRequest {
  kind: 'reply' | 'note' | 'focusThread';
  at: number;
}

interface Props {
  conversationId: string;
  request: PaneRequest | null;
  onBackToList: () => void;
  onClose: () => void;
}

/** The open conversation: header, collision warning, thread, composer and the details panel. */
export function ConversationPane({ conversationId, request, onBackToList, onClose }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const { conversation, setConversation, error } = useConversation(conversationId);
  const { thread, loading } = useThread(conversationId);
  const presence = usePresence(conversationId);
  const timeline = useTimeline(conversationId);
  const { agentName, directory, session } = useWorkspace();
  const changes = timeline.flatMap((event) => {
    const text = describeTimelineEvent(event, {
      t,
      agentName,
      teamName: (id) => directory.teams.find((team) => team.id === id)?.name ?? null,
    });
    return text ? [{ id: event.id, createdAt: event.createdAt, text }] : [];
  });
  const customer = useCustomer(conversation?.customer.id ?? null);
  const [merging, setMerging] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const threadRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!request || Date.now() - request.at > 2000) return;
    if (request.kind === 'focusThread') threadRef.current?.focus();
    else composer.current?.focus(request.kind);
    // Only a new request should move focus, not a re-render.
  }, [request, conversation !== null]);

  const update = async (patch: ConversationPatch) => {
    try {
      setConversation(await api.patch<Conversation>(`/conversations/${conversationId}`, patch));
    } catch (failure) {
      toast.error(errorMessage(failure, t));
    }
  };

  if (error && !conversation)
    return (
      <div className="conversation-empty" role="alert">
        <p>{errorMessage(error, t)}</p>
      </div>
    );
  if (!conversation)
    return (
      <div className="conversation-empty">
        <Spinner label={t('conversation.loading')} />
      </div>
    );

  const customerName = conversation.customer.name ?? t('list.anonymous');
  const canReply = conversation.status !== 'closed' && !conversation.mergedIntoId;
  // Suggestions follow the customer's latest message (a new one asks again).
  const latestCustomerMessageId =
    thread.findLast((m) => m.authorType === 'customer' && m.visibility === 'public')?.id ?? null;
  const isDone = conversation.status === 'solved' || conversation.status === 'closed';
  return (
    <>
      <section className="conversation" aria-labelledby="conversation-title">
        <header className="conversation-header">
          <div className="conversation-heading">
            <div className="heading-text">
              <h2 id="conversation-title" className="truncate">
                {customerName}
              </h2>
              <p className="heading-subject truncate">
                {conversation.subject ?? t('list.noSubject')}
              </p>
            </div>
            <div className="conversation-badges">
              <span className="muted">#{conversation.number}</span>
              <StatusBadge status={conversation.status} />
              <PriorityBadge priority={conversation.priority} />
              <SlaBadge sla={conversation.sla} />
            </div>
          </div>
          <div className="conversation-actions">
            <button type="button" className="button button-ghost" onClick={() => setMerging(true)}>
              <Icon name="merge" />
              {t('conversation.merge')}
            </button>
            {conversation.status !== 'closed' ? (
              <button
                type="button"
                className={`button ${isDone ? '' : 'button-success'}`}
                onClick={() => void update({ status: isDone ? 'open' : 'solved' })}
                title={isDone ? undefined : 'e'}
              >
                <Icon name="check" />
                {isDone ? t('conversation.reopen') : t('conversation.solve')}
              </button>
            ) : null}
            <button
              type="button"
              className="icon-button"
              onClick={onClose}
              aria-label={t('conversation.close')}
            >
              <Icon name="close" />
            </button>
          </div>
        </header>
        {conversation.mergedIntoId ? (
          <div className="notice">
            {t('conversation.mergedInto')}{' '}
            <Link to={`/app/inbox/all/${conversation.mergedIntoId}`}>
              {t('conversation.openMerged')}
            </Link>
          </div>
        ) : null}
        <PresenceBar presence={presence} customerName={customerName} />
        <Thread
          ref={threadRef}
          thread={thread}
          changes={changes}
          loading={loading}
          customerName={customerName}
        />
        {!canReply ? (
          <div className="notice">{t('conversation.closedNotice')}</div>
        ) : (
          <>
            <MacroMenu conversation={conversation} onApplied={setConversation} />
            <Composer
              ref={composer}
              conversation={conversation}
              customer={customer.customer}
              presence={presence.signal}
              onEscape={onBackToList}
            />
          </>
        )}
      </section>
      <aside className="details" aria-label={t('conversation.details')}>
        <AssistPanel
          conversation={conversation}
          customer={customer.customer}
          latestCustomerMessageId={latestCustomerMessageId}
          suggest={canReply}
          canCreateArticle={canEditKnowledge(session.role)}
          onInsert={(text) => composer.current?.insert(text)}
        />
        <PropertiesPanel conversation={conversation} onUpdate={update} />
        <ProcedureChecklist conversation={conversation} />
        <ConversationSurveys conversationId={conversation.id} />
        <CustomerPanel state={customer} currentConversationId={conversation.id} />
      </aside>
      {merging ? (
        <MergeDialog
          conversation={conversation}
          onClose={() => setMerging(false)}
          onMerged={(target) => {
            setMerging(false);
            toast.info(t('merge.done', { number: target.number }));
          }}
        />
      ) : null}
    </>
  );
}
