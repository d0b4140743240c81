/** Where generated answers come from: an OpenAI-compatible chat-completions endpoint. */
export interface LlmEndpoint {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

/** A passage the model may use, numbered as it is cited: [1], [2], … */
export interface GroundingPassage {
  articleId: string;
  title: string;
  text: string;
}

/** A generated answer and the passages (by index into the input) it cites. */
export interface GroundedAnswer {
  text: string;
  cited: number[];
}

const noAnswer = 'NO_ANSWER';
const maxAnswerChars = 1500;

/** The instructions: answer from the passages only, cite them, or say there is no answer. */
export function groundedPrompt(question: string, passages: GroundingPassage[], locale: string) {
  const language = locale === 'zh-CN' ? 'Simplified Chinese' : 'English';
  const system =
    'You answer customer questions for a help center. Use only the numbered passages below; ' +
    'never use other knowledge. Cite every passage you use as [n]. Answer in ' +
    `${language}, in at most three sentences. If the passages do not answer the question, ` +
    `reply exactly ${noAnswer}.`;
  const sources = passages.map((p, i) => `[${i + 1}] ${p.title}\n${p.text}`).join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `Passages:\n\n${sources}\n\nQuestion: ${question}` },
  ];
}

/**
 * Reads a model's reply: the answer and the passages it cites. Null when the model declined
 * or cited no passage that exists (the caller then quotes the passage instead).
 *
 * @example parseGroundedAnswer('Refunds take 5 days [1].', 2) // { text: 'Refunds take 5 days [1].', cited: [0] }
 */
export function parseGroundedAnswer(reply: string, passageCount: number): GroundedAnswer | null {
  const text = reply.trim();
  if (text === '' || text.includes(noAnswer)) return null;
  const cited = new Set<number>();
  for (const match of text.matchAll(/\[(\d{1,2})\]/g)) {
    const n = Number(match[1]);
    if (n >= 1 && n <= passageCount) cited.add(n - 1);
  }
  if (cited.size === 0) return null;
  return { text: text.slice(0, maxAnswerChars), cited: [...cited].sort((a, b) => a - b) };
}

/**
 * Asks the endpoint for an answer grounded in the passages (POST {baseUrl}/chat/completions,
 * temperature 0). Only the question and the passages are sent. Returns null when the call
 * fails, times out, or the reply is no usable grounded answer.
 */
export async function generateGroundedAnswer(
  endpoint: LlmEndpoint,
  question: string,
  passages: GroundingPassage[],
  locale: string,
  fetchImpl: typeof fetch = fetch,
): Promise<GroundedAnswer | null> {
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: endpoint.model,
        temperature: 0,
        max_tokens: 400,
        messages: groundedPrompt(question, passages, locale),
      }),
      redirect: 'error',
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as {
      choices?: Array<{ message?: { content?: unknown } }>;
    };
    const content = body.choices?.[0]?.message?.content;
    return typeof content === 'string' ? parseGroundedAnswer(content, passages.length) : null;
  } catch {
    return null;
  }
}
