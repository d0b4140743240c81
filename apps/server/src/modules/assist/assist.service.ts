import type { ConversationArticleDraft, ConversationAssist, KbSearchHit } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { articleDraft } from './article-draft.ts';
import { assistLocale, exchangesOf, latestQuestion } from './assist-text.ts';
import type { CannedSuggestions } from './canned-suggestions.ts';
import { nearTheBest, searchableQuestion } from './content-terms.ts';
import type { SolvedReplies } from './solved-replies.ts';

/** The knowledge base as assist reads it (KnowledgeService.searchArticles). */
export interface AssistArticleSearch {
  searchArticles(
    workspaceId: string,
    locale: string | null,
    query: string,
    options: { includeInternal: boolean; limit?: number },
  ): Promise<KbSearchHit[]>;
}

const suggestions = 3;
/** Enough of the thread to find the customer's unanswered messages. */
const latestMessages = 10;

/**
 * Agent assist: while an agent answers, articles (internal ones too: only agents see these)
 * and replies (canned responses, and answers from similar solved conversations) for the
 * customer's latest question, in their language; and an article drafted from the conversation.
 * Everything is read within the agent's workspace.
 */
export class AssistService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly articles: AssistArticleSearch,
    private readonly canned: CannedSuggestions,
    private readonly solved: SolvedReplies,
  ) {}

  async suggest(actor: Actor, conversationId: string): Promise<ConversationAssist> {
    const ws = actor.workspaceId;
    const { conversation, thread } = await this.deps.uow.read(async (repos) => {
      const conversation = await repos.assist.conversation(ws, conversationId);
      if (!conversation) throw notFound('Conversation');
      return {
        conversation,
        thread: await repos.assist.latestMessages(ws, conversationId, latestMessages),
      };
    });
    const query = latestQuestion(thread);
    const locale = assistLocale(conversation.locale, query);
    const searchable = searchableQuestion(query);
    if (!searchable) return { locale, query, articles: [], replies: [] };
    const [articles, canned, solved] = await Promise.all([
      // More than shown, so that the weak tail can be cut relative to the best.
      this.articles.searchArticles(ws, locale, searchable, {
        includeInternal: true,
        limit: suggestions * 2 + 2,
      }),
      this.canned.search(ws, searchable, suggestions),
      this.solved.search(ws, searchable, {
        locale,
        excludeConversationId: conversationId,
        limit: suggestions,
      }),
    ]);
    return {
      locale,
      query,
      articles: nearTheBest(articles)
        .slice(0, suggestions)
        .map((hit) => ({
          articleId: hit.articleId,
          locale: hit.locale,
          title: hit.title,
          passage: hit.passage,
          visibility: hit.visibility,
          url: hit.url ? new URL(hit.url, this.deps.publicUrl).toString() : null,
          score: hit.score,
          confidence: hit.confidence,
        })),
      replies: [
        ...canned.map((c) => ({
          source: 'canned' as const,
          id: c.id,
          title: c.title,
          body: c.body,
          conversationNumber: null,
          score: c.score,
          confidence: c.confidence,
        })),
        ...solved.map((s) => ({
          source: 'conversation' as const,
          id: s.conversationId,
          title: s.question,
          body: s.answer,
          conversationNumber: s.number,
          score: s.score,
          confidence: s.confidence,
        })),
      ],
    };
  }

  /** A knowledge article drafted from the conversation's first answered customer question. */
  async articleDraft(actor: Actor, conversationId: string): Promise<ConversationArticleDraft> {
    const ws = actor.workspaceId;
    return this.deps.uow.read(async (repos) => {
      const conversation = await repos.assist.conversation(ws, conversationId);
      if (!conversation) throw notFound('Conversation');
      const thread = await repos.assist.firstMessages(ws, conversationId, 50);
      const exchange = exchangesOf(thread)[0] ?? null;
      const firstQuestion = thread.find((m) => m.author_type === 'customer')?.body.trim() ?? '';
      const draft = articleDraft({ subject: conversation.subject, exchange, firstQuestion });
      return {
        conversationId,
        locale: assistLocale(conversation.locale, draft.question),
        ...draft,
      };
    });
  }
}
