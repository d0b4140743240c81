import type { VisitorConversation, VisitorMessage, VisitorServerFrame } from '@kefu/contracts';
import { describe, expect, it, vi } from 'vitest';
import { WidgetApiError, type WidgetApi } from '../api/client.ts';
import type { StoredVisitor, VisitorStorage } from './visitor-storage.ts';
import { WidgetController, type ControllerOptions } from './widget-controller.ts';

const key = 'wk_demo1234567890abcdef';
let clock = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (offsetSeconds: number) => new Date(clock + offsetSeconds * 1000).toISOString();

const visitorMessage = (
  id: string,
  type: VisitorMessage['author']['type'],
  body: string,
  offset: number,
  conversationId = 'c1',
): VisitorMessage => ({
  id,
  conversationId,
  author: { type, name: type === 'agent' ? '小王' : null },
  body,
  html: null,
  attachments: [],
  createdAt: iso(offset),
});

const conversation = (id = 'c1', unreadCount = 0): VisitorConversation => ({
  id,
  status: 'open',
  lastMessage: null,
  unreadCount,
  visitorLastReadAt: null,
  agentLastReadAt: null,
  heldByBot: false,
  createdAt: iso(0),
  updatedAt: iso(0),
});

function setup(options: { stored?: StoredVisitor | null; history?: VisitorMessage[] } = {}) {
  let stored = options.stored ?? null;
  const storage: VisitorStorage = {
    read: () => stored,
    write: (visitor) => void (stored = visitor),
    clear: () => void (stored = null),
  };
  let seq = 0;
  const hasConversation = { value: (options.history?.length ?? 0) > 0 };
  const api = {
    config: vi.fn(),
    createSession: vi.fn(async (body: { identityToken?: string }) => ({
      visitorToken: `wv_token_${++seq}_abcdefghijklmnop`,
      expiresAt: iso(86_400),
      resumed: false,
      profile: { name: null, email: null, identified: !!body.identityToken },
    })),
    listConversations: vi.fn(async () => ({
      items: hasConversation.value ? [conversation()] : [],
    })),
    listMessages: vi.fn(async () => ({ items: options.history ?? [], nextCursor: null })),
    createConversation: vi.fn(async (body: { message: { body?: string } }) => {
      hasConversation.value = true;
      return {
        conversation: conversation(),
        message: visitorMessage(`m${++seq}`, 'customer', body.message.body ?? '', 1),
      };
    }),
    sendMessage: vi.fn(async (_id: string, body: { body?: string }) =>
      visitorMessage(`m${++seq}`, 'customer', body.body ?? '', 2),
    ),
    markRead: vi.fn(async () => ({
      conversationId: 'c1',
      visitorLastReadAt: iso(3),
      agentLastReadAt: null,
    })),
    upload: vi.fn(),
    updateProfile: vi.fn(),
    queuePosition: vi.fn(async () => ({ queued: true, position: 2, estimatedWaitMinutes: 4 })),
    surveys: vi.fn(async () => ({ items: [] })),
    answerSurvey: vi.fn(),
  } satisfies Record<keyof WidgetApi, unknown>;
  let handlers!: Parameters<ControllerOptions['createSocket']>[0];
  const socket = { start: vi.fn(), stop: vi.fn(), resetPosition: vi.fn(), send: vi.fn(() => true) };
  const tokens: (string | null)[] = [];
  const controller = new WidgetController({
    widgetKey: key,
    storage,
    // Every call records the bearer token it carries, to check it follows the session.
    createApi: (token) =>
      Object.fromEntries(
        Object.entries(api).map(([name, method]) => [
          name,
          (...args: unknown[]) => {
            tokens.push(token());
            return (method as (...a: unknown[]) => unknown)(...args);
          },
        ]),
      ) as unknown as WidgetApi,
    createSocket: (h) => {
      handlers = h;
      return socket;
    },
    now: () => clock,
  });
  const frame = (f: VisitorServerFrame) => handlers.onFrame(f);
  return { controller, api, socket, storage, frame, tokens, handlers: () => handlers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WidgetController', () => {
  it('starts a first-time visitor only when they write, then keeps one conversation', async () => {
    const { controller, api, socket, storage } = setup();
    controller.init({ identityToken: null, pageUrl: 'https://shop.example/p/1' });
    await settle();
    expect(api.createSession).not.toHaveBeenCalled();

    await controller.submitPreChat({ name: '李雷', email: 'li@example.com' });
    const first = controller.send('我的订单还没有到', []);
    const second = controller.send('订单号 1234', []);
    await Promise.all([first, second]);

    expect(api.createSession).toHaveBeenCalledTimes(1);
    expect(api.createConversation).toHaveBeenCalledTimes(1);
    expect(api.createConversation.mock.calls[0]![0]).toEqual({
      message: { body: '我的订单还没有到' },
      preChat: { name: '李雷', email: 'li@example.com' },
      pageUrl: 'https://shop.example/p/1',
    });
    expect(api.sendMessage).toHaveBeenCalledWith('c1', { body: '订单号 1234' });
    expect(controller.state.chat.messages.map((m) => [m.body, m.delivery])).toEqual([
      ['我的订单还没有到', undefined],
      ['订单号 1234', undefined],
    ]);
    expect(storage.read()?.identified).toBe(false);
    expect(socket.start).toHaveBeenCalled();
  });

  it('asks for the queue position of the open chat only', async () => {
    const { controller, api } = setup();
    controller.init({ identityToken: null });
    await settle();
    expect(await controller.queuePosition()).toBeNull();
    await controller.send('有人吗？', []);
    expect(await controller.queuePosition()).toEqual({
      queued: true,
      position: 2,
      estimatedWaitMinutes: 4,
    });
    expect(api.queuePosition).toHaveBeenCalledWith('c1');
  });

  it('resumes a returning visitor with the stored token and shows their history', async () => {
    const history = [
      visitorMessage('h1', 'customer', '你好', 0),
      visitorMessage('h2', 'agent', '您好！', 1),
    ];
    const stored = { token: 'wv_stored_abcdefghijklmnop', identified: false };
    const { controller, api, tokens } = setup({ stored, history });
    controller.init({ identityToken: null });
    await settle();
    expect(api.createSession.mock.calls[0]![0]).toMatchObject({ key, visitorToken: stored.token });
    expect(controller.state.chat.messages.map((m) => m.id)).toEqual(['h1', 'h2']);
    expect(controller.state.conversationId).toBe('c1');
    // The calls after the session carry the new token.
    expect(tokens.slice(1).every((t) => t?.startsWith('wv_token_1'))).toBe(true);
  });

  it('refuses a forged identity without falling back to an anonymous visitor', async () => {
    const { controller, api } = setup({
      stored: { token: 'wv_anon_abcdefghijklmnopq', identified: false },
    });
    api.createSession.mockRejectedValueOnce(
      new WidgetApiError('invalid_identity_token', 'bad signature', 401, 'bad_signature'),
    );
    controller.init({ identityToken: 'eyJhbGciOiJIUzI1NiJ9.forged.sig' });
    await settle();
    expect(api.createSession).toHaveBeenCalledTimes(1);
    expect(api.createSession.mock.calls[0]![0]).not.toHaveProperty('visitorToken');
    expect(controller.state.identityRefused).toBe(true);
    expect(controller.state.errorKey).toBe('error.identity');
    expect(api.listConversations).not.toHaveBeenCalled();
  });

  it("forgets a signed-in customer's token once the page no longer vouches for them", async () => {
    const { controller, api, storage } = setup({
      stored: { token: 'wv_identified_abcdefghijkl', identified: true },
    });
    controller.init({ identityToken: null });
    await settle();
    expect(storage.read()).toBeNull();
    expect(api.createSession).not.toHaveBeenCalled();
  });

  it('applies socket frames for its conversation: messages once, typing, read, reload on a fresh start', async () => {
    const stored = { token: 'wv_stored_abcdefghijklmnop', identified: false };
    const { controller, api, frame, handlers } = setup({
      stored,
      history: [visitorMessage('h1', 'customer', '在吗', 0)],
    });
    controller.init({ identityToken: null });
    await settle();

    const reply = visitorMessage('r1', 'agent', '在的', 5);
    frame({ type: 'message', position: 10, message: reply });
    frame({ type: 'message', position: 10, message: reply });
    frame({ type: 'typing', conversationId: 'c1', agent: { name: '小王' }, typing: true });
    frame({ type: 'read', conversationId: 'c1', agentLastReadAt: iso(1) });

    expect(controller.state.chat.messages.map((m) => m.id)).toEqual(['h1', 'r1']);
    expect(controller.state.chat.unread).toBe(1);
    expect(controller.state.chat.agentTyping?.name).toBe('小王');
    expect(controller.state.chat.agentReadAt).toBe(iso(1));

    handlers().onReady(false);
    await settle();
    expect(api.listMessages).toHaveBeenCalledTimes(2);
    handlers().onReady(true);
    await settle();
    expect(api.listMessages).toHaveBeenCalledTimes(2);
  });

  it('switches to a newer conversation of the visitor when one appears on the socket', async () => {
    const { controller, api, frame } = setup({
      stored: { token: 'wv_stored_abcdefghijklmnop', identified: false },
      history: [visitorMessage('h1', 'customer', 'old question', 0)],
    });
    controller.init({ identityToken: null });
    await settle();
    const newer = visitorMessage('n1', 'agent', 'A new topic', 9, 'c2');
    api.listConversations.mockResolvedValueOnce({
      items: [conversation('c2'), conversation('c1')],
    });
    api.listMessages.mockResolvedValueOnce({ items: [newer], nextCursor: null });
    frame({ type: 'message', position: 12, message: newer });
    await settle();
    expect(controller.state.conversationId).toBe('c2');
    expect(controller.state.chat.messages.map((m) => m.id)).toEqual(['n1']);
  });

  it('marks agent messages read while open', async () => {
    const { controller, api, frame } = setup({
      stored: { token: 'wv_stored_abcdefghijklmnop', identified: false },
      history: [visitorMessage('h1', 'customer', 'hi', 0)],
    });
    controller.init({ identityToken: null });
    await settle();
    controller.setOpen(true);
    frame({ type: 'message', position: 3, message: visitorMessage('r1', 'agent', 'hello', 4) });
    frame({ type: 'message', position: 3, message: visitorMessage('r1', 'agent', 'hello', 4) });
    expect(api.markRead).toHaveBeenCalledTimes(1);
    expect(controller.state.chat.unread).toBe(0);
  });

  it('keeps a failed message with a retry, and renews an expired session once', async () => {
    const { controller, api } = setup({ history: [] });
    api.createConversation.mockRejectedValueOnce(
      new WidgetApiError('rate_limited', 'slow down', 429),
    );
    await controller.send('hello', []);
    const failed = controller.state.chat.messages[0]!;
    expect(failed.delivery).toBe('failed');
    expect(controller.state.errorKey).toBe('error.rate_limited');

    await controller.retry(failed.id);
    expect(controller.state.chat.messages.map((m) => [m.body, m.delivery])).toEqual([
      ['hello', undefined],
    ]);

    api.sendMessage.mockRejectedValueOnce(new WidgetApiError('unauthenticated', 'expired', 401));
    await controller.send('again', []);
    expect(api.createSession).toHaveBeenCalledTimes(2);
  });

  it('sends typing to agents at most every few seconds, and a stop once', async () => {
    const { controller, socket, frame } = setup({
      stored: { token: 'wv_stored_abcdefghijklmnop', identified: false },
      history: [visitorMessage('h1', 'customer', 'hi', 0)],
    });
    controller.init({ identityToken: null });
    await settle();
    void frame;
    controller.typing(true);
    controller.typing(true);
    clock += 3500;
    controller.typing(true);
    controller.typing(false);
    controller.typing(false);
    expect(
      socket.send.mock.calls.map((c) => (c as unknown as [{ typing: boolean }])[0].typing),
    ).toEqual([true, true, false]);
  });
});
