import type { BotReport } from '@kefu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { botHelpers, publishBotArticles } from './answer-bot-test-helpers.ts';

const hourMs = 3_600_000;

describe.each(databaseKinds)('answer bot API on %s', (kind) => {
  let kefu: Kefu;
  const clock = manualClock(Date.parse('2026-11-02T09:00:00Z'));
  const bot = botHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
  });
  afterAll(() => kefu.close());

  /** A workspace of its own with the bot on and the test articles published. */
  async function botWorkspace(name: string) {
    const owner = await signUp(kefu.app, name);
    const articles = await publishBotArticles(kefu, owner);
    await bot.enable(owner);
    return { owner, articles, token: await bot.visitor(owner) };
  }

  async function report(owner: SignedIn): Promise<BotReport> {
    const from = new Date(clock.now().getTime() - 30 * 24 * hourMs).toISOString();
    const to = new Date(clock.now().getTime() + hourMs).toISOString();
    const response = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/answer-bot/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<BotReport>();
  }

  it('answers a matching question with the article link and declines an unrelated one', async () => {
    const { owner, articles, token } = await botWorkspace('Bot answers');
    const answer = await bot.ask(token, 'how do I get a refund', { locale: 'en' });
    expect(answer).toMatchObject({
      answered: true,
      generated: false,
      article: { id: articles.refund.id, title: 'Refunds' },
    });
    expect(answer.answer).toContain('5 business days');
    expect(answer.article!.url).toMatch(/^http.*\/help\/[^/]+\/en\/articles\/[0-9a-f-]+-refunds$/);
    expect(answer.confidence).toBeGreaterThanOrEqual(0.5);

    const declined = await bot.ask(token, 'is the museum open on sunday', {
      conversationId: answer.conversationId,
      locale: 'en',
    });
    expect(declined).toMatchObject({ answered: false, answer: null, article: null });
    expect(declined.conversationId).toBe(answer.conversationId);

    // The conversation holds the whole exchange and stays with the bot (pending, unrouted).
    const transcript = await bot.messages(owner, answer.conversationId);
    expect(transcript.map((m) => m.authorType)).toEqual(['customer', 'bot', 'customer', 'bot']);
    expect(transcript[1]!.body).toContain(answer.article!.url!);
    expect(transcript[3]!.body).toContain('talk to a person');
    expect((await bot.conversation(owner, answer.conversationId)).status).toBe('pending');
  });

  it('answers in Chinese from the Chinese article, whatever the word order', async () => {
    const { articles, token } = await botWorkspace('Bot zh');
    const answer = await bot.ask(token, '到账退款要多久', { locale: 'zh-CN' });
    expect(answer).toMatchObject({ answered: true, article: { id: articles.refundZh.id } });
    expect(answer.answer).toContain('5个工作日');
    const declined = await bot.ask(token, '你们的博物馆周日开门吗', { locale: 'zh-CN' });
    expect(declined.answered).toBe(false);
  });

  it('confirms a resolution when the visitor says it helped, and refuses rating a decline', async () => {
    const { owner, token } = await botWorkspace('Bot feedback');
    const answer = await bot.ask(token, 'When will I get my money back?');
    const rated = await bot.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/bot/answers/${answer.id}/feedback`,
      payload: { helpful: true },
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ helpful: true });
    expect(await report(owner)).toMatchObject({ involved: 1, confirmed: 1, resolutionRate: 1 });
    expect((await bot.conversation(owner, answer.conversationId)).status).toBe('solved');

    const declined = await bot.ask(token, 'do you sell submarines');
    const refused = await bot.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/bot/answers/${declined.id}/feedback`,
      payload: { helpful: true },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'conflict' } });

    // Another visitor can neither rate this answer nor continue this conversation.
    const stranger = await bot.visitor(owner);
    const foreign = await bot.asVisitor(stranger, {
      method: 'POST',
      url: `/api/v1/widget/bot/answers/${answer.id}/feedback`,
      payload: { helpful: false },
    });
    expect(foreign.statusCode).toBe(404);
    const hijack = await bot.asVisitor(stranger, {
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      payload: { question: 'refund', conversationId: answer.conversationId },
    });
    expect(hijack.statusCode).toBe(404);
  });

  it('hands over to routing with the transcript, after which the bot stays out', async () => {
    const { owner, token } = await botWorkspace('Bot handover');
    const answer = await bot.ask(token, 'how long does delivery take');
    const handover = await bot.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/bot/conversations/${answer.conversationId}/handover`,
      payload: { locale: 'en' },
    });
    expect(handover.statusCode, handover.body).toBe(200);
    expect(handover.json()).toEqual({
      conversationId: answer.conversationId,
      outcome: 'handed_over',
    });
    expect((await bot.conversation(owner, answer.conversationId)).status).toBe('open');
    const transcript = await bot.messages(owner, answer.conversationId);
    expect(transcript.map((m) => [m.authorType, m.body.slice(0, 24)])).toEqual([
      ['customer', 'how long does delivery t'],
      ['bot', 'Orders ship within one d'],
      ['bot', "I'm passing you to a per"],
    ]);
    const again = await bot.asVisitor(token, {
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      payload: { question: 'and refunds?', conversationId: answer.conversationId },
    });
    expect(again.statusCode).toBe(409);
    expect(await report(owner)).toMatchObject({ involved: 1, handedOver: 1, resolutionRate: 0 });
  });

  it('settles outcomes a window after the last reply: assumed, unanswered, or failed by a return', async () => {
    const { owner, token } = await botWorkspace('Bot outcomes');
    const resolved = await bot.ask(token, 'how do I get a refund');
    const otherVisitor = await bot.visitor(owner);
    await bot.ask(otherVisitor, 'can I pay with seashells');
    clock.advance(23 * hourMs);
    await kefu.jobs.drain();
    expect(await report(owner)).toMatchObject({ pending: 2, assumed: 0 });
    clock.advance(2 * hourMs);
    await kefu.jobs.drain();
    expect(await report(owner)).toMatchObject({ assumed: 1, unanswered: 1, pending: 0 });
    expect((await bot.conversation(owner, resolved.conversationId)).status).toBe('solved');

    // A third visitor is answered, then comes back two hours later with a chat: not resolved.
    const returning = await bot.visitor(owner);
    const answered = await bot.ask(returning, 'when will I get my money back');
    expect(answered.answered).toBe(true);
    clock.advance(2 * hourMs);
    await bot.startChat(returning, 'The refund still has not arrived');
    clock.advance(30 * hourMs);
    await kefu.jobs.drain();
    const final = await report(owner);
    expect(final).toMatchObject({ involved: 3, assumed: 1, unanswered: 2, confirmed: 0 });
    // 4 conversations: three bot conversations and the chat; one resolved by the bot.
    expect(final.newConversations).toBe(4);
    expect(final.involvementRate).toBeCloseTo(3 / 4);
    expect(final.automationRate).toBeCloseTo(1 / 4);
  });

  it('honours the configured window', async () => {
    const { owner, token } = await botWorkspace('Bot window');
    await bot.enable(owner, { windowHours: 2 });
    await bot.ask(token, 'how do I get a refund');
    clock.advance(2 * hourMs + 1000);
    await kefu.jobs.drain();
    expect(await report(owner)).toMatchObject({ assumed: 1 });
  });

  it('groups unanswered questions into knowledge gaps with a write-an-article link', async () => {
    const { owner, token } = await botWorkspace('Bot gaps');
    await bot.ask(token, 'do you offer gift wrapping');
    await bot.ask(await bot.visitor(owner), 'gift wrapping available?');
    await bot.ask(await bot.visitor(owner), 'can I pay with bitcoin');
    const from = new Date(clock.now().getTime() - hourMs).toISOString();
    const to = new Date(clock.now().getTime() + hourMs).toISOString();
    const response = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/answer-bot/knowledge-gaps?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(200);
    const gaps = response.json<{
      items: Array<{ count: number; examples: string[]; writeArticleUrl: string }>;
    }>();
    expect(gaps.items.map((g) => g.count)).toEqual([2, 1]);
    expect(gaps.items[0]!.examples.sort()).toEqual([
      'do you offer gift wrapping',
      'gift wrapping available?',
    ]);
    expect(gaps.items[0]!.writeArticleUrl).toMatch(/^\/app\/knowledge\/new\?title=/);
  });

  it('refuses a visitor while the bot is off, agents without rights, and bad input', async () => {
    const owner = await signUp(kefu.app, 'Bot off');
    const token = await bot.visitor(owner);
    const off = await bot.asVisitor(token, {
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      payload: { question: 'refund' },
    });
    expect(off.statusCode).toBe(403);
    expect(off.json()).toMatchObject({ error: { code: 'forbidden' } });
    const { publicKey } = await bot.settings(owner);
    const status = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/widget/bot?key=${publicKey}`,
    });
    expect(status.json()).toEqual({ enabled: false });
    await bot.enable(owner);
    const on = await kefu.app.inject({ method: 'GET', url: `/api/v1/widget/bot?key=${publicKey}` });
    expect(on.json()).toEqual({ enabled: true });
    const unknown = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/widget/bot?key=wk_0000000000000000unknown',
    });
    expect(unknown.statusCode).toBe(404);
    await bot.enable(owner, { enabled: false });

    const empty = await bot.asVisitor(token, {
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      payload: { question: '   ' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'validation_failed', field: 'question' } });
    const badThreshold = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/answer-bot/settings',
      payload: { threshold: 2 },
      ...as(owner),
    });
    expect(badThreshold.statusCode).toBe(400);
    const badUrl = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/answer-bot/settings',
      payload: { llm: { baseUrl: 'file:///etc/passwd', model: 'x' } },
      ...as(owner),
    });
    expect(badUrl.statusCode).toBe(400);
    const noToken = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      payload: { question: 'refund' },
    });
    expect(noToken.statusCode).toBe(401);
  });

  it('suggests articles in the visitor’s language as they type', async () => {
    const { token } = await botWorkspace('Bot suggestions');
    const en = await bot.asVisitor(token, {
      method: 'GET',
      url: '/api/v1/widget/bot/suggestions?q=refnd&locale=en',
    });
    expect(en.statusCode, en.body).toBe(200);
    expect(en.json<{ items: Array<{ title: string }> }>().items[0]?.title).toBe('Refunds');
    const zh = await bot.asVisitor(token, {
      method: 'GET',
      url: `/api/v1/widget/bot/suggestions?q=${encodeURIComponent('退款')}&locale=zh-CN`,
    });
    expect(zh.json<{ items: Array<{ title: string }> }>().items.map((i) => i.title)).toEqual([
      '退款政策',
    ]);
  });
});
