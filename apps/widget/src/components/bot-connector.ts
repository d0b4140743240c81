import type { BotApi } from '../api/bot-client.ts';

/** What the bot panel needs from the frame: the API, the widget key and the visitor session. */
export interface BotConnector {
  api: BotApi;
  widgetKey: string;
  /** Runs a call with the visitor's session, starting one first if needed. */
  withSession<T>(call: () => Promise<T>): Promise<T>;
  /** The bot answers in this conversation: keep it out of the chat view for now. */
  hold(conversationId: string): void;
  /** The bot handed the conversation to a person (or the visitor chose one): show the chat. */
  showConversation(): Promise<void>;
}
