import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGroundedAnswer, parseGroundedAnswer } from './llm-client.ts';
import { startLlmStub } from './llm-stub-server.ts';

const passages = [
  { articleId: 'a1', title: 'Refunds', text: 'Refunds reach your card within 5 business days.' },
  { articleId: 'a2', title: 'Delivery', text: 'Orders arrive in 2 to 4 days.' },
];

describe('LLM client against a local OpenAI-compatible server', () => {
  let stub: Awaited<ReturnType<typeof startLlmStub>>;
  beforeAll(async () => {
    stub = await startLlmStub();
  });
  afterAll(() => stub.close());
  const endpoint = () => ({
    baseUrl: stub.baseUrl,
    model: 'tiny',
    apiKey: 'sk-test',
    timeoutMs: 500,
  });

  it('sends only the passages and the question, and reads a cited answer', async () => {
    stub.reply({ content: 'Your refund reaches your card within 5 business days [1].' });
    const answer = await generateGroundedAnswer(endpoint(), 'when is my refund?', passages, 'en');
    expect(answer).toEqual({
      text: 'Your refund reaches your card within 5 business days [1].',
      cited: [0],
    });
    const request = stub.requests.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    const body = request.body as {
      model: string;
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.model).toBe('tiny');
    expect(body.messages).toHaveLength(2);
    expect(body.messages[1]!.content).toContain('[1] Refunds\nRefunds reach your card');
    expect(body.messages[1]!.content).toContain('[2] Delivery');
    expect(body.messages[1]!.content).toMatch(/Question: when is my refund\?$/);
  });

  it('falls back (null) on a refusal, an uncited or wrongly cited answer, an error or a timeout', async () => {
    for (const reply of [
      { content: 'NO_ANSWER' },
      { content: 'Refunds take a while.' },
      { content: 'See [7].' },
      { status: 500, content: 'x' },
      { content: 'Too late [1].', delayMs: 1500 },
    ]) {
      stub.reply(reply);
      expect(await generateGroundedAnswer(endpoint(), 'refund?', passages, 'en')).toBeNull();
    }
    const unreachable = { ...endpoint(), baseUrl: 'http://127.0.0.1:1/v1' };
    expect(await generateGroundedAnswer(unreachable, 'refund?', passages, 'en')).toBeNull();
  });

  it('parses citations of several passages', () => {
    expect(parseGroundedAnswer('A [2] and B [1][2].', 2)).toEqual({
      text: 'A [2] and B [1][2].',
      cited: [0, 1],
    });
    expect(parseGroundedAnswer('  ', 2)).toBeNull();
  });
});
