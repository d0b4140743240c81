/**
 * The widget's behaviour without the view: session (anonymous, resumed or identified), the
 * current conversation, sending, history, the socket, read and typing signals. The Preact
 * components render `state` and call methods; tests drive it with a fake API and socket.
 */
import type { VisitorMessage, VisitorServerFrame, VisitorSurvey } from '@kefu/contracts';
import type { WidgetApi, MessageRequest } from '../api/client.ts';
import type { SurveyAnswerBody } from '../components/SurveyCard.tsx';
import { WidgetApiError } from '../api/client.ts';
import { type WidgetState, initialWidgetState } from './widget-state.ts';
import { chatReducer, type ChatAction, type ChatAttachment } from './chat-state.ts';
import { errorTextKey } from './error-text.ts';
import { Outbox } from './outbox.ts';
import { frameEffect, toChatMessage } from './visitor-frames.ts';
import type { VisitorStorage } from './visitor-storage.ts';
import { VisitorSessionManager } from './visitor-session.ts';

/** The socket as the controller needs it (VisitorSocket, or a fake in tests). */
export interface ControllerSocket {
  start(): void;
  stop(): void;
  resetPosition(): void;
  send(frame: { type: 'typing'; conversationId: string; typing: boolean }): boolean;
}

export interface ControllerOptions {
  widgetKey: string;
  /** Builds the API client; `token` reads the current visitor token on every call. */
  createApi: (token: () => string | null) => WidgetApi;
  storage: VisitorStorage;
  /** Builds the socket; the controller passes its frame, ready and 401 handlers. */
  createSocket: (handlers: {
    token: () => string | null;
    onFrame: (frame: VisitorServerFrame) => void;
    onReady: (resumed: boolean) => void;
    onState: (state: WidgetState['chat']['connection']) => void;
    onUnauthenticated: () => void;
  }) => ControllerSocket;
  now?: () => number;
}

const typingRefreshMs = 3000;
const configRetryMs = 5000;

export class WidgetController {
  state: WidgetState = initialWidgetState;
  private listeners = new Set<() => void>();
  private readonly session: VisitorSessionManager;
  private socket: ControllerSocket;
  private readonly outbox: Outbox;
  private typingSentAt = 0;
  private readMarkedAt = '';
  private readonly now: () => number;
  private readonly api: WidgetApi;
  /** Conversations the answer bot holds: their frames stay out of the chat until a handover. */
  private readonly botConversations = new Set<string>();

  constructor(private readonly options: ControllerOptions) {
    this.now = options.now ?? Date.now;
    this.api = options.createApi(() => this.session.token);
    this.session = new VisitorSessionManager({
      widgetKey: options.widgetKey,
      api: this.api,
      storage: options.storage,
      locale: () => this.state.locale,
      onStarted: async (session) => {
        this.update({ profile: session.profile, identityRefused: false });
        await this.loadConversation();
        this.socket.start();
      },
      onFailed: (error) => {
        const refused = error instanceof WidgetApiError && error.code === 'invalid_identity_token';
        if (refused) this.update({ identityRefused: true });
        this.reportError(error);
      },
      onCleared: () => {
        this.socket.stop();
        this.socket.resetPosition();
        const { config, phase, locale, chat } = this.state;
        this.update({ ...initialWidgetState, config, phase, locale, chat });
        this.dispatch({ type: 'reset' });
      },
    });
    this.socket = options.createSocket({
      token: () => this.session.token,
      onFrame: (frame) => this.onFrame(frame),
      onReady: (resumed) => void (resumed ? undefined : this.loadConversation()),
      onState: (connection) => this.dispatch({ type: 'connection', state: connection }),
      onUnauthenticated: () => void this.session.renew(),
    });
    this.outbox = new Outbox({
      dispatch: (action) => this.dispatch(action),
      deliver: (body) => this.deliver(body),
      onDelivered: () => this.clearError(),
      onError: (error) => this.reportError(error),
      now: this.now,
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<WidgetState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  dispatch(action: ChatAction) {
    this.update({ chat: chatReducer(this.state.chat, action) });
    if (action.type === 'messages' || action.type === 'open') this.markReadSoon();
  }

  /** Shows the translated sentence for a failed call. */
  reportError(error: unknown) {
    const code = error instanceof WidgetApiError ? error.code : 'internal';
    this.update({ errorKey: errorTextKey(code) });
  }

  clearError() {
    this.update({ errorKey: null });
  }

  /** Loads the public configuration; retried while unreachable, final when the key is unknown. */
  async loadConfig() {
    try {
      const config = await this.api.config(this.options.widgetKey);
      this.update({ config, phase: 'ready', configLoadedAt: this.now() });
    } catch (error) {
      if (error instanceof WidgetApiError && error.code === 'not_found') {
        this.update({ phase: 'unavailable', errorKey: 'error.not_found' });
      } else if (!this.state.config) {
        setTimeout(() => void this.loadConfig(), configRetryMs);
      }
    }
  }

  /** The page told us who the visitor is (or is not): resume at once if there is history. */
  init(input: { identityToken: string | null; pageUrl?: string }) {
    if (this.session.configure(input)) void this.session.ensure().catch(() => {});
  }

  setOpen(isOpen: boolean) {
    this.dispatch({ type: 'open', isOpen });
    // Presence changes: refresh "online" and the reply time if the config is over a minute old.
    if (isOpen && this.now() - this.state.configLoadedAt > 60_000) void this.loadConfig();
  }

  /** The visitor's latest conversation and its latest page of messages. */
  private async loadConversation() {
    try {
      const { items } = await this.api.listConversations();
      const latest = items[0];
      if (!latest) return;
      if (latest.heldByBot) {
        // The bot still has it (the page was reloaded mid-session): the bot panel continues it.
        this.botConversations.add(latest.id);
        if (this.state.conversationId) this.dispatch({ type: 'reset' });
        this.update({
          botConversationId: latest.id,
          conversationId: null,
          conversationStatus: null,
        });
        return;
      }
      this.update({ botConversationId: null });
      if (latest.id !== this.state.conversationId) this.dispatch({ type: 'reset' });
      this.update({ conversationId: latest.id, conversationStatus: latest.status });
      if (latest.agentLastReadAt) this.dispatch({ type: 'agentRead', at: latest.agentLastReadAt });
      await this.loadLatestMessages(latest.id);
      if (!this.state.chat.isOpen && latest.unreadCount > 0) {
        this.update({ chat: { ...this.state.chat, unread: latest.unreadCount } });
      }
    } catch (error) {
      this.reportError(error);
    }
  }

  private async loadLatestMessages(conversationId: string) {
    this.update({ loadingHistory: true });
    try {
      const page = await this.api.listMessages(conversationId);
      if (conversationId !== this.state.conversationId) return;
      this.update({ earlierCursor: page.nextCursor });
      this.dispatch({
        type: 'messages',
        messages: page.items.map(toChatMessage),
        fromHistory: true,
      });
    } finally {
      this.update({ loadingHistory: false });
    }
  }

  /** The open chat's place in the queue (null without a chat). */
  queuePosition() {
    const id = this.state.conversationId;
    return id ? this.api.queuePosition(id) : Promise.resolve(null);
  }

  /** The surveys of the open chat (none without one). */
  async surveys(): Promise<VisitorSurvey[]> {
    const id = this.state.conversationId;
    if (!id) return [];
    return (await this.session.run(() => this.api.surveys(id))).items;
  }

  /** The visitor's answer to a survey (a score, then optional reasons and comment). */
  answerSurvey(surveyId: string, body: SurveyAnswerBody): Promise<VisitorSurvey> {
    return this.session.run(() => this.api.answerSurvey(surveyId, body));
  }

  async loadEarlier() {
    const { conversationId, earlierCursor } = this.state;
    if (!conversationId || !earlierCursor) return;
    try {
      const page = await this.api.listMessages(conversationId, earlierCursor);
      this.update({ earlierCursor: page.nextCursor });
      this.dispatch({
        type: 'messages',
        messages: page.items.map(toChatMessage),
        fromHistory: true,
      });
    } catch (error) {
      this.reportError(error);
    }
  }

  private onFrame(frame: VisitorServerFrame) {
    if (frame.type === 'message' && this.botConversations.has(frame.message.conversationId)) return;
    if (frame.type === 'conversation' && this.botConversations.has(frame.conversation.id)) {
      // Handed over elsewhere (another tab, an agent took it): show it as the chat.
      if (!frame.conversation.heldByBot) void this.showConversation();
      return;
    }
    const effect = frameEffect(this.state, frame, this.now());
    if (effect.kind === 'reload') void this.loadConversation();
    if (effect.kind !== 'apply') return;
    if (effect.conversationId) this.update({ conversationId: effect.conversationId });
    if (effect.status)
      this.update({
        conversationStatus: effect.status,
        conversationVersion: this.state.conversationVersion + 1,
      });
    if (effect.action) this.dispatch(effect.action);
  }

  /** Sends a message (text and/or uploaded attachments); one at a time, in order. */
  send(text: string, attachments: ChatAttachment[]): Promise<void> {
    this.typing(false);
    return this.outbox.send(text, attachments);
  }

  /** Sends a failed message again. */
  retry(localId: string): Promise<void> {
    return this.outbox.retry(localId);
  }

  /** Posts into the current conversation, or starts one with the pre-chat answers. */
  private deliver(body: MessageRequest): Promise<VisitorMessage> {
    return this.session.run(async () => {
      const { conversationId, conversationStatus } = this.state;
      if (conversationId && conversationStatus !== 'closed') {
        return this.api.sendMessage(conversationId, body);
      }
      const created = await this.api.createConversation({
        message: body,
        ...(this.state.preChat ? { preChat: this.state.preChat } : {}),
        ...(this.session.pageUrl ? { pageUrl: this.session.pageUrl } : {}),
      });
      this.update({
        conversationId: created.conversation.id,
        conversationStatus: created.conversation.status,
      });
      return created.message;
    });
  }

  /** Uploads a file for the next message. */
  upload(file: File): Promise<ChatAttachment> {
    return this.session.run(() => this.api.upload(file));
  }

  /** The composer's text changed: tell agents, at most every few seconds, and when it stops. */
  typing(isTyping: boolean) {
    const conversationId = this.state.conversationId;
    if (!conversationId) return;
    const now = this.now();
    if (isTyping && now - this.typingSentAt < typingRefreshMs) return;
    if (!isTyping && this.typingSentAt === 0) return;
    this.socket.send({ type: 'typing', conversationId, typing: isTyping });
    this.typingSentAt = isTyping ? now : 0;
  }

  /** Pre-chat answers: sent with the first message, or saved to the profile right away. */
  async submitPreChat(answers: { name?: string; email?: string }) {
    this.update({ preChat: answers, preChatDone: true });
    if (this.state.conversationId && (answers.name || answers.email)) {
      await this.saveProfile(answers);
    }
  }

  skipPreChat() {
    this.update({ preChatDone: true });
  }

  /** "Leave your email and we will answer there." */
  async saveProfile(profile: { name?: string; email?: string }): Promise<boolean> {
    try {
      const saved = await this.session.run(() => this.api.updateProfile(profile));
      this.update({ profile: saved });
      return true;
    } catch (error) {
      this.reportError(error);
      return false;
    }
  }

  private markReadSoon() {
    const { chat, conversationId } = this.state;
    if (!chat.isOpen || !conversationId || !this.session.token) return;
    const latest = [...chat.messages].reverse().find((m) => m.authorType !== 'customer');
    if (!latest || latest.createdAt <= this.readMarkedAt) return;
    this.readMarkedAt = latest.createdAt;
    this.api.markRead(conversationId).catch(() => {
      this.readMarkedAt = '';
    });
  }

  /** The page signed a visitor in (or switched user): start over as that customer. */
  identify(identityToken: string): Promise<void> {
    return this.session.renew(identityToken);
  }

  /** The page signed the visitor out: forget the token and the conversation on this browser. */
  logout() {
    this.session.forget();
    this.session.configure({ identityToken: null, pageUrl: this.session.pageUrl });
  }

  /** The visitor's token, for the answer bot's calls (null before a session). */
  get visitorToken(): string | null {
    return this.session.token;
  }

  /** Runs a call that needs the visitor's session (the answer bot's), starting one if needed. */
  withSession<T>(call: () => Promise<T>): Promise<T> {
    return this.session.run(call);
  }

  /** The answer bot is answering in this conversation: the chat view leaves it alone. */
  holdForBot(conversationId: string) {
    this.botConversations.add(conversationId);
  }

  /** The bot handed its conversation to a person: show it, transcript included, as the chat. */
  async showConversation() {
    this.botConversations.clear();
    await this.loadConversation();
  }

  setLocale(locale: WidgetState['locale']) {
    this.update({ locale });
  }
}
