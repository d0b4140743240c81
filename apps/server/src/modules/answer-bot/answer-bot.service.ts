import type { z } from 'zod';
import type {
  BotAskBody,
  BotSuggestions,
  BotTurn,
  KbSearchHit,
  WidgetBotStatus,
} from '@kefu/contracts';
import type { BotSessionRow, BotSettingsRow } from '../../db/schema-answer-bot.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { VisitorActor } from '../widget/visitor-session.service.ts';
import { presentTurn } from './answer-bot.presenter.ts';
import { type BotLocale, answerMessage, botLocale, botReply } from './bot-replies.ts';
import type { BotOutcomes } from './bot-outcomes.ts';
import { generateGroundedAnswer } from './llm-client.ts';

/** The knowledge base as the bot reads it (KnowledgeService.searchArticles). */
export interface ArticleSearchPort {
  searchArticles(
    workspaceId: string,
    locale: string | null,
    query: string,
    options: { includeInternal: boolean; limit?: number },
  ): Promise<KbSearchHit[]>;
}

export const defaultThreshold = 0.5;

/** What the bot replies to one question, before it is written down. */
interface Reply {
  answered: boolean;
  confidence: number;
  answer: string | null;
  generated: boolean;
  article: { id: string; title: string; url: string | null } | null;
  citations: Array<{ id: string; title: string; url: string | null }>;
}

/**
 * The answer bot in the widget: article suggestions while the visitor types, answers from the
 * published public articles above the workspace's confidence threshold (optionally phrased by
 * a configured LLM, grounded in the retrieved passages), honest declines below it, "Did this
 * help?", and handing over to a person. Each bot conversation is a real chat conversation kept
 * `pending` (out of routing) while the bot has it; every question and reply is a message, so
 * the agent who takes over reads the transcript.
 */
export class AnswerBotService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly articles: ArticleSearchPort,
    private readonly outcomes: BotOutcomes,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Whether the widget with this public key offers the bot (asked before any session). */
  async status(publicKey: string): Promise<z.output<typeof WidgetBotStatus>> {
    return this.deps.uow.read(async (repos) => {
      const widget = await repos.widget.findSettingsByKey(publicKey);
      if (!widget?.enabled) throw notFound('Widget');
      return { enabled: (await repos.answerBot.settings(widget.workspace_id))?.enabled ?? false };
    });
  }

  /** Articles matching what the visitor is typing, in their language. */
  async suggest(
    visitor: VisitorActor,
    query: string,
    locale?: string,
  ): Promise<z.output<typeof BotSuggestions>> {
    await this.requireEnabled(visitor.workspaceId);
    const hits = await this.articles.searchArticles(
      visitor.workspaceId,
      botLocale(locale, query),
      query,
      { includeInternal: false, limit: 5 },
    );
    return {
      items: hits.map((hit) => ({
        id: hit.articleId,
        title: hit.title,
        url: this.absolute(hit.url),
        passage: hit.passage,
      })),
    };
  }

  /** Answers (or declines) one question, starting the bot conversation with the first one. */
  async ask(visitor: VisitorActor, input: z.output<typeof BotAskBody>): Promise<BotTurn> {
    const settings = await this.requireEnabled(visitor.workspaceId);
    const locale = botLocale(input.locale, input.question);
    const reply = await this.reply(settings, input.question, locale);
    return this.deps.uow.transaction(async (scope) => {
      const session = input.conversationId
        ? await this.continueSession(scope, visitor, input.conversationId, input.question)
        : await this.startSession(scope, visitor, input.question);
      const now = this.deps.clock.now();
      const turn = await scope.repos.answerBot.insertTurn({
        id: this.deps.ids(),
        workspace_id: visitor.workspaceId,
        session_id: session.id,
        question: input.question,
        locale,
        answered: reply.answered,
        article_id: reply.article?.id ?? null,
        article_title: reply.article?.title ?? null,
        article_url: reply.article?.url ?? null,
        answer: reply.answer,
        generated: reply.generated,
        citations: reply.citations,
        confidence: reply.confidence,
        helpful: null,
        created_at: now,
      });
      const body = reply.answer
        ? answerMessage(locale, reply.answer, reply.citations)
        : botReply(locale, 'declined');
      await this.botMessage(scope, visitor.workspaceId, session.conversation_id, body);
      const updated = await scope.repos.answerBot.updateSession(session.id, {
        last_answer_at: now,
      });
      await this.outcomes.scheduleSettle(scope, updated, now);
      return presentTurn(turn, session.conversation_id);
    });
  }

  /** The bot turns of one of the visitor's bot conversations, oldest first. */
  async turns(visitor: VisitorActor, conversationId: string): Promise<BotTurn[]> {
    return this.deps.uow.transaction(async (scope) => {
      const session = await this.ownSession(scope, visitor, conversationId);
      const rows = await scope.repos.answerBot.turns(session.id);
      return rows.map((row) => presentTurn(row, conversationId));
    });
  }

  /** "Did this help?": yes confirms the resolution; no leaves the offer of a person. */
  async feedback(visitor: VisitorActor, turnId: string, helpful: boolean): Promise<BotTurn> {
    return this.deps.uow.transaction(async (scope) => {
      const turn = await scope.repos.answerBot.turnForUpdate(visitor.workspaceId, turnId);
      if (!turn || turn.customer_id !== visitor.customerId) throw notFound('Bot answer');
      if (!turn.answered)
        throw new AppError('conflict', 'Only an answer can be rated; this question was declined');
      const updated = await scope.repos.answerBot.setHelpful(turn.id, helpful);
      const session = await this.ownSession(scope, visitor, turn.conversation_id);
      if (helpful && session.outcome === 'pending')
        await this.outcomes.resolveIn(scope, session, 'confirmed');
      return presentTurn(updated, turn.conversation_id);
    });
  }

  /**
   * "Talk to a person": the conversation opens for agents with the bot's transcript in it. The
   * caller routes it after the commit.
   */
  async handover(visitor: VisitorActor, conversationId: string, requestedLocale?: string) {
    return this.deps.uow.transaction(async (scope) => {
      const session = await this.ownSession(scope, visitor, conversationId);
      if (session.outcome !== 'handed_over') await this.handOverIn(scope, session, requestedLocale);
      return { conversationId, outcome: 'handed_over' as const };
    });
  }

  /**
   * The visitor wrote a chat message into a conversation the bot still holds (a widget that
   * showed it as a chat, or an API client): they want a person, so it is handed over as with
   * "Talk to a person". Returns whether it was; the caller then routes it.
   */
  async handoverOnMessage(visitor: VisitorActor, conversationId: string): Promise<boolean> {
    return this.deps.uow.transaction(async (scope) => {
      const session = await scope.repos.answerBot.sessionForUpdate(
        visitor.workspaceId,
        conversationId,
      );
      if (session?.customer_id !== visitor.customerId || session.outcome === 'handed_over')
        return false;
      const held = await scope.repos.answerBot.heldConversations(visitor.workspaceId, [
        conversationId,
      ]);
      if (!held.has(conversationId)) return false;
      await this.handOverIn(scope, session);
      return true;
    });
  }

  private async handOverIn(
    scope: TransactionScope,
    session: BotSessionRow,
    requestedLocale?: string,
  ): Promise<void> {
    const turns = await scope.repos.answerBot.turns(session.id);
    const locale = botLocale(requestedLocale ?? turns.at(-1)?.locale ?? undefined, '');
    await scope.repos.answerBot.updateSession(session.id, {
      outcome: 'handed_over',
      settled_at: this.deps.clock.now(),
    });
    const { workspace_id: workspaceId, conversation_id: conversationId } = session;
    await this.botMessage(scope, workspaceId, conversationId, botReply(locale, 'handover'));
    await this.conversations.updateIn(scope, null, workspaceId, conversationId, {
      status: 'open',
    });
  }

  /** A new chat by the visitor: any recent bot session did not resolve their question. */
  async noteNewConversation(visitor: VisitorActor, conversationId: string): Promise<void> {
    await this.deps.uow.transaction((scope) =>
      this.outcomes.noteReturn(scope, visitor.workspaceId, visitor.customerId, conversationId),
    );
  }

  private async reply(
    settings: BotSettingsRow,
    question: string,
    locale: BotLocale,
  ): Promise<Reply> {
    const hits = await this.articles.searchArticles(settings.workspace_id, locale, question, {
      includeInternal: false,
      limit: 3,
    });
    const top = hits[0];
    const declined = {
      answered: false,
      confidence: top?.confidence ?? 0,
      answer: null,
      generated: false,
      article: null,
      citations: [],
    };
    if (!top || top.confidence < settings.threshold) return declined;
    const article = { id: top.articleId, title: top.title, url: this.absolute(top.url) };
    const generated = await this.generate(settings, question, hits, locale);
    if (generated) {
      const citations = generated.cited.map((i) => ({
        id: hits[i]!.articleId,
        title: hits[i]!.title,
        url: this.absolute(hits[i]!.url),
      }));
      return {
        ...declined,
        answered: true,
        answer: generated.text,
        generated: true,
        article,
        citations,
      };
    }
    return { ...declined, answered: true, answer: top.passage, article, citations: [article] };
  }

  /** An LLM answer from the retrieved passages only, when an admin configured an endpoint. */
  private async generate(
    settings: BotSettingsRow,
    question: string,
    hits: KbSearchHit[],
    locale: BotLocale,
  ) {
    if (!settings.llm_base_url || !settings.llm_model) return null;
    return generateGroundedAnswer(
      {
        baseUrl: settings.llm_base_url,
        model: settings.llm_model,
        apiKey: settings.llm_api_key,
        timeoutMs: settings.llm_timeout_ms,
      },
      question,
      hits.map((hit) => ({ articleId: hit.articleId, title: hit.title, text: hit.passage })),
      locale,
      this.fetchImpl,
    );
  }

  private async startSession(scope: TransactionScope, visitor: VisitorActor, question: string) {
    const created = await this.conversations.createIn(
      scope,
      visitor.workspaceId,
      visitor,
      {
        channel: 'chat',
        subject: null,
        customer: { id: visitor.customerId },
        message: { author: 'customer', visibility: 'public', body: question, attachmentIds: [] },
      },
      { body: question, html: null },
    );
    const conversationId = created.conversation.id;
    // Pending: the bot has it, so routing leaves it alone until the visitor asks for a person.
    await this.conversations.updateIn(scope, null, visitor.workspaceId, conversationId, {
      status: 'pending',
    });
    await this.outcomes.noteReturn(scope, visitor.workspaceId, visitor.customerId, conversationId);
    return scope.repos.answerBot.insertSession({
      id: this.deps.ids(),
      workspace_id: visitor.workspaceId,
      conversation_id: conversationId,
      customer_id: visitor.customerId,
      started_at: this.deps.clock.now(),
    });
  }

  private async continueSession(
    scope: TransactionScope,
    visitor: VisitorActor,
    conversationId: string,
    question: string,
  ) {
    const session = await this.ownSession(scope, visitor, conversationId);
    if (session.outcome === 'handed_over')
      throw new AppError('conflict', 'This conversation is with a person now; write to them there');
    const row = await this.conversations.lockForChange(
      scope.repos,
      visitor.workspaceId,
      conversationId,
    );
    await this.messages.recordMessage(scope, visitor, row, {
      authorType: 'customer',
      authorId: null,
      visibility: 'public',
      body: question,
      html: null,
      attachmentIds: [],
      reopen: false,
    });
    return session;
  }

  private async botMessage(
    scope: TransactionScope,
    workspaceId: string,
    conversationId: string,
    body: string,
  ): Promise<void> {
    const row = await this.conversations.lockForChange(scope.repos, workspaceId, conversationId);
    await this.messages.recordMessage(scope, null, row, {
      authorType: 'bot',
      authorId: null,
      visibility: 'public',
      body,
      html: null,
      attachmentIds: [],
      reopen: false,
    });
  }

  private async ownSession(
    scope: TransactionScope,
    visitor: VisitorActor,
    conversationId: string,
  ): Promise<BotSessionRow> {
    const session = await scope.repos.answerBot.sessionForUpdate(
      visitor.workspaceId,
      conversationId,
    );
    if (!session || session.customer_id !== visitor.customerId) throw notFound('Bot conversation');
    return session;
  }

  private async settings(workspaceId: string) {
    return this.deps.uow.read((repos) => repos.answerBot.settings(workspaceId));
  }

  private async requireEnabled(workspaceId: string): Promise<BotSettingsRow> {
    const settings = await this.settings(workspaceId);
    if (!settings?.enabled) throw new AppError('forbidden', 'The answer bot is turned off');
    return settings;
  }

  /** Help-center paths become absolute, so links work in the conversation and in mail. */
  private absolute(url: string | null): string | null {
    return url ? new URL(url, this.deps.publicUrl).toString() : null;
  }
}
