import type { VisitorConversation, VisitorMessage, VisitorServerFrame } from '@kefu/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { WidgetApi } from '../api/client.ts';
import { WidgetController, type ControllerOptions } from './widget-controller.ts';

const at = '2026-12-05T08:00:00.000Z';

const botConversation = (heldByBot: boolean): VisitorConversation => ({
  id: 'c-bot',
  status: heldByBot ? 'pending' : 'open',
  lastMessage: null,
  unreadCount: 1,
  visitorLastReadAt: null,
  agentLastReadAt: null,
  heldByBot,
  createdAt: at,
  updatedAt: at,
});

const message = (id: string, type: VisitorMessage['author']['type'], body: string) => ({
  id,
  conversationId: 'c-bot',
  author: { type, name: null },
  body,
  html: null,
  attachments: [],
  createdAt: at,
});

/** A visitor who reloads the page while the answer bot holds their conversation. */
function reloadDuringBotSession() {
  const held = { value: true };
  const api = {
    createSession: vi.fn(async () => ({
      visitorToken: 'wv_resumed_abcdefghijklmnop',
      expiresAt: at,
      resumed: true,
      profile: { name: null, email: null, identified: false },
    })),
    listConversations: vi.fn(async () => ({ items: [botConversation(held.value)] })),
    listMessages: vi.fn(async () => ({
      items: [message('m1', 'customer', 'refund?'), message('m2', 'bot', 'Refunds take…')],
      nextCursor: null,
    })),
    sendMessage: vi.fn(),
    createConversation: vi.fn(),
    markRead: vi.fn(async () => ({})),
  };
  let handlers!: Parameters<ControllerOptions['createSocket']>[0];
  const controller = new WidgetController({
    widgetKey: 'wk_demo1234567890abcdef',
    storage: {
      read: () => ({ token: 'wv_stored_abcdefghijklmnop', identified: false }),
      write: () => {},
      clear: () => {},
    },
    createApi: () => api as unknown as WidgetApi,
    createSocket: (h) => {
      handlers = h;
      return { start: vi.fn(), stop: vi.fn(), resetPosition: vi.fn(), send: vi.fn(() => true) };
    },
  });
  return { controller, api, held, frame: (f: VisitorServerFrame) => handlers.onFrame(f) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WidgetController with a conversation the answer bot holds', () => {
  it('hands it to the bot panel after a reload instead of showing it as a chat', async () => {
    const { controller, api } = reloadDuringBotSession();
    controller.init({ identityToken: null });
    await settle();
    expect(api.listConversations).toHaveBeenCalled();
    expect(controller.state.botConversationId).toBe('c-bot');
    // No chat: a message written now would start a routed conversation, not reopen this one.
    expect(controller.state.conversationId).toBeNull();
    expect(controller.state.chat.messages).toEqual([]);
    expect(api.listMessages).not.toHaveBeenCalled();
  });

  it('shows it as the chat, transcript included, once it is handed over elsewhere', async () => {
    const { controller, held, frame } = reloadDuringBotSession();
    controller.init({ identityToken: null });
    await settle();
    frame({ type: 'message', position: 1, message: message('m3', 'bot', 'Still here') });
    expect(controller.state.chat.messages).toEqual([]);
    held.value = false;
    frame({ type: 'conversation', position: 2, conversation: botConversation(false) });
    await settle();
    expect(controller.state.botConversationId).toBeNull();
    expect(controller.state.conversationId).toBe('c-bot');
    expect(controller.state.chat.messages.map((m) => m.body)).toEqual(['refund?', 'Refunds take…']);
  });
});
