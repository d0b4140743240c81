import type { VisitorConversation } from '@kefu/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { signUp, startTestKefu } from '../../test/harness.ts';
import { botHelpers, publishBotArticles } from './answer-bot-test-helpers.ts';

/** A widget reloaded during a bot session: the server says the bot holds the conversation. */
describe.each(databaseKinds)('a bot conversation after a widget reload on %s', (kind) => {
  let kefu: Kefu;
  const bot = botHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual' });
  });
  afterAll(() => kefu.close());

  async function conversations(token: string) {
    const response = await bot.asVisitor(token, {
      method: 'GET',
      url: '/api/v1/widget/conversations',
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: VisitorConversation[] }>().items;
  }

  it('lists the conversation as held by the bot until it is handed over', async () => {
    const owner = await signUp(kefu.app, 'Bot resume');
    await publishBotArticles(kefu, owner);
    await bot.enable(owner);
    const token = await bot.visitor(owner);
    const answer = await bot.ask(token, 'how do I get a refund', { locale: 'en' });
    expect(await conversations(token)).toMatchObject([
      { id: answer.conversationId, status: 'pending', heldByBot: true },
    ]);
    await bot.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/bot/conversations/${answer.conversationId}/handover`,
      payload: {},
    });
    expect(await conversations(token)).toMatchObject([
      { id: answer.conversationId, status: 'open', heldByBot: false },
    ]);
    // A plain chat is never held by the bot.
    const chatter = await bot.visitor(owner);
    await bot.startChat(chatter, 'Hello there');
    expect((await conversations(chatter))[0]!.heldByBot).toBe(false);
  });

  it('hands over and routes when the visitor writes a chat message into a held conversation', async () => {
    const owner = await signUp(kefu.app, 'Bot message');
    await publishBotArticles(kefu, owner);
    await bot.enable(owner);
    const token = await bot.visitor(owner);
    const answer = await bot.ask(token, 'how do I get a refund', { locale: 'en' });
    const route = vi.spyOn(kefu.services.routing, 'routeNewConversation');
    try {
      const sent = await bot.asVisitor(token, {
        method: 'POST',
        url: `/api/v1/widget/conversations/${answer.conversationId}/messages`,
        payload: { body: 'The refund has not arrived, can someone check?' },
      });
      expect(sent.statusCode, sent.body).toBe(201);
      expect(route).toHaveBeenCalledWith(expect.any(String), answer.conversationId);
      // A second message goes to whoever has it now: no second handover, no second routing.
      route.mockClear();
      const again = await bot.asVisitor(token, {
        method: 'POST',
        url: `/api/v1/widget/conversations/${answer.conversationId}/messages`,
        payload: { body: 'Order 4821' },
      });
      expect(again.statusCode, again.body).toBe(201);
      expect(route).not.toHaveBeenCalled();
    } finally {
      route.mockRestore();
    }
    expect((await bot.conversation(owner, answer.conversationId)).status).toBe('open');
    const transcript = await bot.messages(owner, answer.conversationId);
    expect(transcript.map((m) => m.authorType)).toEqual([
      'customer',
      'bot',
      'customer',
      'bot',
      'customer',
    ]);
    expect(transcript[3]!.body).toContain("I'm passing you to a person");
    const session = await kefu.database.db
      .selectFrom('answer_bot_sessions')
      .select('outcome')
      .where('conversation_id', '=', answer.conversationId)
      .executeTakeFirstOrThrow();
    expect(session.outcome).toBe('handed_over');
    expect((await conversations(token))[0]!.heldByBot).toBe(false);
  });
});
