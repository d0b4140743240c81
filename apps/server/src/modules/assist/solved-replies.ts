import { RetrievalIndex } from '@kefu/text';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SolvedConversation } from '../../repositories/assist.repository.ts';
import { assistLocale, exchangesOf } from './assist-text.ts';
import { contentTerms, nearTheBest, sharesContent } from './content-terms.ts';

/** The most recent solved conversations a workspace's index holds; older ones fall out. */
const maxConversations = 2000;
/** Only a conversation's opening messages are read: that is where its question is answered. */
const messagesPerConversation = 20;
/** A full rebuild now and then also drops conversations deleted or reopened meanwhile. */
const rebuildAfterMs = 10 * 60_000;
/** Re-reads changes this far behind the newest seen, for transactions that committed late. */
const overlapMs = 60_000;

/** An agent's public reply to a question like the one asked, from a solved conversation. */
export interface SolvedReply {
  conversationId: string;
  number: number;
  question: string;
  answer: string;
  score: number;
  confidence: number;
}

interface Entry {
  number: number;
  updatedAt: number;
  exchanges: { question: string; answer: string }[];
}

interface State {
  index: RetrievalIndex;
  /** Insertion order is age order: the first entries are evicted first. */
  conversations: Map<string, Entry>;
  newest: number;
  builtAt: number;
}

/**
 * Per-workspace question → answer index over recently solved conversations, for reply
 * suggestions. Why lazy and incremental rather than a table: the first request of a workspace
 * reads its latest solved conversations (bounded), and every later request asks only for those
 * changed since the newest it has seen (an index range scan that is usually empty), so
 * suggestions include a conversation solved a second ago without a write-path hook or a
 * migration. Hits are checked against the database before they are shown, so a conversation
 * reopened, merged or deleted since it was indexed is never suggested.
 */
export class SolvedReplies {
  private readonly states = new Map<string, Promise<State>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async search(
    workspaceId: string,
    query: string,
    options: { locale: string; excludeConversationId: string; limit: number },
  ): Promise<SolvedReply[]> {
    const state = await this.refresh(workspaceId);
    const hits = state.index.search(query, {
      language: options.locale,
      limit: options.limit * 4 + 10,
    });
    const asked = contentTerms(query);
    const candidates: SolvedReply[] = [];
    const seen = new Set<string>();
    for (const hit of hits) {
      const [conversationId = '', position = '0'] = hit.id.split('|');
      const entry = state.conversations.get(conversationId);
      const exchange = entry?.exchanges[Number(position)];
      if (!entry || !exchange || conversationId === options.excludeConversationId) continue;
      if (seen.has(exchange.answer)) continue;
      if (!sharesContent(asked, `${exchange.question}\n${exchange.answer}`)) continue;
      seen.add(exchange.answer);
      candidates.push({
        conversationId,
        number: entry.number,
        question: exchange.question,
        answer: exchange.answer,
        score: hit.score,
        confidence: hit.confidence,
      });
    }
    const solved = await this.uow.read((repos) =>
      repos.assist.stillSolved(workspaceId, [...new Set(candidates.map((c) => c.conversationId))]),
    );
    return nearTheBest(candidates.filter((c) => solved.has(c.conversationId))).slice(
      0,
      options.limit,
    );
  }

  /** One refresh per workspace at a time: requests arriving meanwhile share its result. */
  private refresh(workspaceId: string): Promise<State> {
    const previous = this.states.get(workspaceId);
    const next = (previous ?? Promise.resolve(null))
      .catch(() => null)
      .then((state) => this.update(workspaceId, state));
    this.states.set(workspaceId, next);
    next.catch(() => {
      if (this.states.get(workspaceId) === next) this.states.delete(workspaceId);
    });
    return next;
  }

  private async update(workspaceId: string, current: State | null): Promise<State> {
    const now = this.clock.now().getTime();
    const state: State =
      current && now - current.builtAt < rebuildAfterMs
        ? current
        : {
            index: new RetrievalIndex(),
            conversations: new Map<string, Entry>(),
            newest: 0,
            builtAt: now,
          };
    const since = state.newest ? new Date(state.newest - overlapMs) : null;
    const changed = (
      await this.uow.read((repos) =>
        repos.assist.solvedConversations(workspaceId, since, maxConversations),
      )
    ).filter((row) => state.conversations.get(row.id)?.updatedAt !== time(row));
    if (changed.length === 0) return state;
    const messages = await this.uow.read((repos) =>
      repos.assist.openingMessages(
        workspaceId,
        changed.map((row) => row.id),
        messagesPerConversation,
      ),
    );
    // Oldest first, so the newest end up last in the map (evicted last).
    for (const row of [...changed].reverse()) {
      const thread = messages.filter((m) => m.conversation_id === row.id);
      this.put(state, row, exchangesOf(thread), row.customer_locale);
    }
    this.evict(state);
    return state;
  }

  private put(
    state: State,
    row: SolvedConversation,
    exchanges: { question: string; answer: string }[],
    customerLocale: string | null,
  ) {
    this.drop(state, row.id);
    state.conversations.set(row.id, { number: row.number, updatedAt: time(row), exchanges });
    state.newest = Math.max(state.newest, time(row));
    exchanges.forEach((exchange, position) =>
      state.index.add({
        id: `${row.id}|${position}`,
        language: assistLocale(customerLocale, exchange.question),
        title: position === 0 ? (row.subject ?? '') : '',
        body: exchange.answer,
        questions: [exchange.question],
      }),
    );
  }

  private drop(state: State, conversationId: string) {
    const entry = state.conversations.get(conversationId);
    if (!entry) return;
    entry.exchanges.forEach((_, position) => state.index.remove(`${conversationId}|${position}`));
    state.conversations.delete(conversationId);
  }

  private evict(state: State) {
    for (const id of state.conversations.keys()) {
      if (state.conversations.size <= maxConversations) break;
      this.drop(state, id);
    }
  }
}

const time = (row: SolvedConversation) => new Date(row.updated_at).getTime();
