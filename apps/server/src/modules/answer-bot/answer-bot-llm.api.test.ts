import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { as, signUp, startTestKefu } from '../../test/harness.ts';
import { botHelpers, publishBotArticles } from './answer-bot-test-helpers.ts';
import { startLlmStub } from './llm-stub-server.ts';

describe.each(databaseKinds)('answer bot with an LLM endpoint on %s', (kind) => {
  let kefu: Kefu;
  let stub: Awaited<ReturnType<typeof startLlmStub>>;
  const bot = botHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    stub = await startLlmStub();
  });
  afterAll(async () => {
    await stub.close();
    await kefu.close();
  });

  it('answers with a grounded, cited generation; falls back to the passage; never asks below the threshold', async () => {
    const owner = await signUp(kefu.app, 'Bot LLM');
    const { refund } = await publishBotArticles(kefu, owner);
    const settings = await bot.enable(owner, {
      llm: { baseUrl: stub.baseUrl, model: 'tiny', apiKey: 'sk-secret' },
    });
    expect(settings).toMatchObject({
      llm: { baseUrl: stub.baseUrl, model: 'tiny', hasApiKey: true },
    });
    expect(JSON.stringify(settings)).not.toContain('sk-secret');
    const token = await bot.visitor(owner);

    stub.reply({ content: 'You get your money back within 5 business days [1].' });
    const generated = await bot.ask(token, 'how do I get a refund');
    expect(generated).toMatchObject({
      answered: true,
      generated: true,
      answer: 'You get your money back within 5 business days [1].',
      citations: [{ id: refund.id, title: 'Refunds' }],
    });
    const sent = JSON.stringify(stub.requests.at(-1)!.body);
    expect(sent).toContain('how do I get a refund');
    expect(sent).toContain('5 business days');

    stub.reply({ content: 'I think refunds are fast.' });
    const fallback = await bot.ask(token, 'when will I get my money back');
    expect(fallback).toMatchObject({ answered: true, generated: false });
    expect(fallback.answer).toContain('5 business days after we receive');

    const calls = stub.requests.length;
    const declined = await bot.ask(token, 'is the museum open on sunday');
    expect(declined.answered).toBe(false);
    expect(stub.requests.length).toBe(calls);

    const cleared = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/answer-bot/settings',
      payload: { llm: null },
      ...as(owner),
    });
    expect(cleared.json()).toMatchObject({ llm: null });
    const plain = await bot.ask(token, 'how do I get a refund');
    expect(plain.generated).toBe(false);
    expect(stub.requests.length).toBe(calls);
  });
});
