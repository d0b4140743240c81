import { sanitizeArticleHtml } from '../knowledge/article-html.ts';
import { escapeHtml } from '../knowledge/help-center-layout.ts';
import type { Exchange } from './assist-text.ts';

const maxTitle = 120;

/** Plain message text as article paragraphs: escaped, blank lines between paragraphs. */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** A title from the subject, else the question's first line, shortened on a word boundary. */
export function draftTitle(subject: string | null, question: string): string {
  const source = (subject?.trim() || question.split('\n')[0] || '').trim();
  if (source.length <= maxTitle) return source;
  const cut = source.slice(0, maxTitle);
  const space = cut.lastIndexOf(' ');
  return `${space > maxTitle / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * A knowledge article drafted from a conversation's first answered question: the title, the
 * customer's question as an example question, and the agent's answer as sanitized HTML (the
 * editor and the server sanitize it again on save).
 */
export function articleDraft(input: {
  subject: string | null;
  exchange: Exchange | null;
  firstQuestion: string;
}) {
  const question = input.exchange?.question ?? input.firstQuestion;
  return {
    title: draftTitle(input.subject, question),
    question: question.replace(/\s+/g, ' ').trim().slice(0, 300),
    bodyHtml: input.exchange ? sanitizeArticleHtml(paragraphsHtml(input.exchange.answer)) : '',
  };
}
