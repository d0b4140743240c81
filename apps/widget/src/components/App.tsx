import { useEffect, useMemo, useState } from 'preact/hooks';
import { replyTimeText, translatorFor } from '../i18n/i18n.ts';
import { brandColors } from '../lib/colors.ts';
import { isAgentTyping, lastSeenVisitorMessageId } from '../state/chat-state.ts';
import type { WidgetController } from '../state/widget-controller.ts';
import type { WidgetState } from '../state/widget-state.ts';
import { Composer } from './Composer.tsx';
import { Header } from './Header.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import { MessageList } from './MessageList.tsx';
import { OfflineNotice } from './OfflineNotice.tsx';
import { PreChatForm } from './PreChatForm.tsx';
import { QueueNotice } from './QueueNotice.tsx';
import { SurveyCard } from './SurveyCard.tsx';
import { BotPanel } from './BotPanel.tsx';
import type { BotConnector } from './bot-connector.ts';

function useWidgetState(controller: WidgetController): WidgetState {
  const [state, setState] = useState(controller.state);
  useEffect(() => controller.subscribe(() => setState(controller.state)), [controller]);
  return state;
}

/** Re-renders when the agent's typing signal lapses, so the indicator never sticks. */
function useTypingClock(until: number | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, until - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [until]);
  return Math.max(now, Date.now());
}

export interface AppProps {
  controller: WidgetController;
  onClose: () => void;
  /** The answer bot, when the frame offers it (the workspace decides whether it is on). */
  bot?: BotConnector;
}

/** Whether the workspace has the answer bot on (asked once per widget key). */
function useBotEnabled(bot: BotConnector | undefined): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    if (!bot) return;
    bot.api.status(bot.widgetKey).then(
      (status) => setEnabled(status.enabled),
      () => setEnabled(false),
    );
  }, [bot]);
  return enabled;
}

/** The chat panel inside the iframe. */
export function App({ controller, onClose, bot }: AppProps) {
  const state = useWidgetState(controller);
  const botEnabled = useBotEnabled(bot);
  const [wantsPerson, setWantsPerson] = useState(false);
  const { config, chat, locale } = state;
  const t = useMemo(() => translatorFor(locale), [locale]);
  const now = useTypingClock(chat.agentTyping?.until);
  const colors = brandColors(config?.color);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = config?.workspaceName ?? t('header.title');
  }, [locale, config, t]);

  const isOnline = config?.agentsOnline ?? false;
  const canWrite = state.phase === 'ready' && !state.identityRefused;
  const preChatFields = config?.preChat;
  const showPreChat =
    !!preChatFields &&
    (preChatFields.name !== 'off' || preChatFields.email !== 'off') &&
    !state.preChatDone &&
    !state.conversationId &&
    !state.profile?.identified &&
    chat.messages.length === 0;
  // Before a chat starts, the bot answers first; "Talk to a person" leaves it for good.
  const botMode = !!bot && botEnabled && !wantsPerson && !state.conversationId && canWrite;

  return (
    <div class="panel" style={{ '--kefu-brand': colors.brand, '--kefu-on-brand': colors.onBrand }}>
      <Header
        t={t}
        title={config?.workspaceName ?? t('header.title')}
        isOnline={isOnline}
        replyTime={replyTimeText(t, config?.expectedReplyMinutes ?? null)}
        onClose={onClose}
      />
      <main class="body" aria-labelledby="kefu-title">
        {chat.connection === 'reconnecting' && (
          <p class="banner banner--info" role="status">
            {t('status.reconnecting')}
          </p>
        )}
        {state.phase === 'loading' && (
          <p class="banner banner--info" role="status">
            {t('status.connecting')}
          </p>
        )}
        {state.identityRefused && (
          <p class="banner banner--error" role="alert">
            {t('error.identity')}
          </p>
        )}
        {state.errorKey && !(state.identityRefused && state.errorKey === 'error.identity') && (
          <div class="banner banner--error" role="alert">
            <span>{t(state.errorKey)}</span>
            <button
              type="button"
              class="banner__dismiss"
              aria-label={t('banner.dismiss')}
              onClick={() => controller.clearError()}
            >
              ×
            </button>
          </div>
        )}
        {state.phase !== 'unavailable' && (
          <MessageList
            t={t}
            locale={locale}
            messages={chat.messages}
            greeting={config?.greeting[locale] || t('greeting.default')}
            seenId={lastSeenVisitorMessageId(chat)}
            typingName={chat.agentTyping?.name ?? null}
            isTyping={isAgentTyping(chat, now)}
            hasEarlier={state.earlierCursor !== null}
            loadingHistory={state.loadingHistory}
            onLoadEarlier={() => void controller.loadEarlier()}
            onRetry={(id) => void controller.retry(id)}
          />
        )}
        {state.conversationId && (
          <QueueNotice
            t={t}
            key={state.conversationId}
            load={() => controller.queuePosition()}
            nudge={chat.messages.length}
          />
        )}
        {state.conversationId && (
          <SurveyCard
            t={t}
            key={state.conversationId}
            locale={locale}
            load={() => controller.surveys()}
            answer={(id, body) => controller.answerSurvey(id, body)}
            nudge={`${state.conversationStatus}:${state.conversationVersion}`}
          />
        )}
        {config && !isOnline && canWrite && !showPreChat && (
          <OfflineNotice
            t={t}
            savedEmail={state.profile?.email ?? state.preChat?.email ?? null}
            onSave={(email) => controller.saveProfile({ email })}
          />
        )}
        {bot && botMode ? (
          <BotPanel
            t={t}
            locale={locale}
            bot={bot}
            resumeId={state.botConversationId}
            onPerson={() => setWantsPerson(true)}
            onError={(error) => controller.reportError(error)}
          />
        ) : config && showPreChat && canWrite ? (
          <PreChatForm
            t={t}
            fields={config.preChat}
            isOffline={!isOnline}
            onSubmit={(answers) => void controller.submitPreChat(answers)}
            onSkip={() => controller.skipPreChat()}
          />
        ) : (
          state.phase !== 'unavailable' && (
            <Composer
              t={t}
              disabled={!canWrite}
              onSend={(text, attachments) => void controller.send(text, attachments)}
              onTyping={(typing) => controller.typing(typing)}
              onUpload={(file) => controller.upload(file)}
              onError={(error) => controller.reportError(error)}
            />
          )
        )}
      </main>
      <footer class="footer">{t('footer.powered')}</footer>
      <LiveRegion t={t} message={chat.announce} />
    </div>
  );
}
