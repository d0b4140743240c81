import type { ThreadMessage } from '../../repositories/assist.repository.ts';

/** How much customer text one search reads: the question, not a whole pasted log. */
const maxQueryChars = 1000;

const hasHan = (text: string) => /\p{Script=Han}/u.test(text);
const isChineseFamily = (locale: string) => /^(zh|ja|ko)(-|$)/i.test(locale);

/**
 * The language to suggest in: the customer's own when it fits the script they write in, else
 * Chinese for text with Han characters and English for the rest (the two languages the
 * workspace UI and help center speak).
 *
 * @example assistLocale(null, '我的订单到哪了') // 'zh-CN'
 * @example assistLocale('fr', 'Où est ma commande ?') // 'fr'
 */
export function assistLocale(customerLocale: string | null, text: string): string {
  if (!text.trim()) return customerLocale ?? 'en';
  if (hasHan(text))
    return customerLocale && isChineseFamily(customerLocale) ? customerLocale : 'zh-CN';
  return customerLocale && !isChineseFamily(customerLocale) ? customerLocale : 'en';
}

/**
 * What the customer is asking now, from the thread's latest messages (newest first): their
 * messages since the last agent reply, in order, else their last message.
 */
export function latestQuestion(newestFirst: Pick<ThreadMessage, 'author_type' | 'body'>[]): string {
  const unanswered: string[] = [];
  for (const message of newestFirst) {
    if (message.author_type === 'agent') break;
    unanswered.unshift(message.body.trim());
  }
  const text =
    unanswered.filter(Boolean).join('\n') ||
    (newestFirst.find((m) => m.author_type === 'customer')?.body.trim() ?? '');
  return text.slice(0, maxQueryChars);
}

/** One customer question and the agent's public reply that followed it. */
export interface Exchange {
  question: string;
  answer: string;
}

/**
 * The question-and-answer pairs of a thread (oldest first): each run of customer messages with
 * the first agent reply after it. Runs nobody answered are left out.
 *
 * @example exchangesOf([{ author_type: 'customer', body: 'Hi' }, { author_type: 'agent', body: 'Hello' }])
 * // [{ question: 'Hi', answer: 'Hello' }]
 */
export function exchangesOf(
  oldestFirst: Pick<ThreadMessage, 'author_type' | 'body'>[],
): Exchange[] {
  const out: Exchange[] = [];
  let asked: string[] = [];
  for (const message of oldestFirst) {
    const body = message.body.trim();
    if (message.author_type === 'customer') {
      if (body) asked.push(body);
    } else if (asked.length > 0 && body) {
      out.push({ question: asked.join('\n').slice(0, maxQueryChars), answer: body });
      asked = [];
    }
  }
  return out;
}
