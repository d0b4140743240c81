import type { ConversationStatus } from '@kefu/contracts';
import type { VisitorProfile, WidgetConfig } from '@kefu/contracts';
import type { MessageKey } from '../i18n/i18n.ts';
import type { WidgetLocale } from '../shared/locale.ts';
import { initialChatState, type ChatState } from './chat-state.ts';

/** Everything the frame renders. */
export interface WidgetState {
  /** `unavailable`: unknown key or the widget is switched off; the frame shows a short note. */
  phase: 'loading' | 'ready' | 'unavailable';
  config: WidgetConfig | null;
  configLoadedAt: number;
  locale: WidgetLocale;
  profile: VisitorProfile | null;
  /** The page's identity token was refused: no anonymous fallback, the composer stays off. */
  identityRefused: boolean;
  conversationId: string | null;
  /**
   * The visitor's latest conversation when the answer bot still holds it (found after a
   * reload): the bot panel continues it instead of the chat.
   */
  botConversationId: string | null;
  conversationStatus: ConversationStatus | null;
  /** Counts changes to the current conversation (a survey was sent): the survey card reloads. */
  conversationVersion: number;
  /** Cursor for older messages, or null when the whole history is loaded. */
  earlierCursor: string | null;
  loadingHistory: boolean;
  preChat: { name?: string; email?: string } | null;
  preChatDone: boolean;
  errorKey: MessageKey | null;
  chat: ChatState;
}

export const initialWidgetState: WidgetState = {
  phase: 'loading',
  config: null,
  configLoadedAt: 0,
  locale: 'en',
  profile: null,
  identityRefused: false,
  conversationId: null,
  botConversationId: null,
  conversationStatus: null,
  conversationVersion: 0,
  earlierCursor: null,
  loadingHistory: false,
  preChat: null,
  preChatDone: false,
  errorKey: null,
  chat: initialChatState,
};
