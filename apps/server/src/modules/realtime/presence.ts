import { type PresenceAgent, presenceTimings } from '@kefu/contracts';
import type { Signal } from './event-bus.ts';

interface AgentState {
  name: string;
  viewingUntil: number;
  typing: { visibility: 'public' | 'internal'; until: number } | null;
}
interface ConversationState {
  workspaceId: string;
  agents: Map<string, AgentState>;
  visitorTypingUntil: number;
}

const emptyView = JSON.stringify({ agents: [], visitorTyping: false });

/** What changed for one conversation after a signal or an expiry. */
export interface PresenceChange {
  workspaceId: string;
  conversationId: string;
  /** The agents' view (who is viewing or typing, visitor typing) changed. */
  agents: boolean;
  /** The visitor's view (which agent, if any, is writing a public reply) changed. */
  visitor: boolean;
}

/** What the agents of one conversation see. */
export interface PresenceSnapshot {
  agents: PresenceAgent[];
  visitorTyping: boolean;
}

/**
 * Who is viewing and typing in which conversation, built from signals. Every node receives every
 * signal, so each keeps the whole picture in memory; entries lapse on their own (a closed tab
 * sends nothing), which is why clients refresh them. Pure apart from the injected clock.
 */
export class PresenceTracker {
  private readonly conversations = new Map<string, ConversationState>();
  /** What was last announced per conversation; changes are measured against it. */
  private readonly announced = new Map<string, { agents: string; visitor: string | null }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timings: { typingMs: number; viewingMs: number } = presenceTimings,
  ) {}

  /** Applies a typing or viewing signal; null when it changed nothing anyone sees. */
  apply(signal: Signal): PresenceChange | null {
    if (signal.kind === 'read') return null;
    const state = this.stateFor(signal.workspaceId, signal.conversationId);
    const now = this.now();
    if (signal.kind === 'viewing') {
      const agent = this.agentFor(state, signal.userId, signal.name);
      agent.viewingUntil = signal.viewing ? now + this.timings.viewingMs : 0;
      // Leaving a conversation also ends typing in it.
      if (!signal.viewing) agent.typing = null;
    } else if (signal.from.type === 'visitor') {
      state.visitorTypingUntil = signal.typing ? now + this.timings.typingMs : 0;
    } else {
      const agent = this.agentFor(state, signal.from.userId, signal.from.name);
      agent.typing = signal.typing
        ? { visibility: signal.visibility, until: now + this.timings.typingMs }
        : null;
    }
    this.prune(signal.conversationId);
    return this.compare(signal.workspaceId, signal.conversationId);
  }

  /** Drops lapsed entries and reports the conversations whose views changed. */
  expire(): PresenceChange[] {
    const changes: PresenceChange[] = [];
    for (const [conversationId, state] of [...this.conversations]) {
      this.prune(conversationId);
      const change = this.compare(state.workspaceId, conversationId);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** Whether anything is being tracked (the gateway sweeps only then). */
  get size(): number {
    return this.conversations.size;
  }

  snapshot(conversationId: string): PresenceSnapshot {
    const state = this.conversations.get(conversationId);
    if (!state) return { agents: [], visitorTyping: false };
    const now = this.now();
    const agents = [...state.agents]
      .map(([userId, agent]) => ({
        userId,
        name: agent.name,
        viewing: agent.viewingUntil > now,
        typing: agent.typing && agent.typing.until > now ? agent.typing.visibility : null,
      }))
      .filter((agent) => agent.viewing || agent.typing !== null)
      .sort((a, b) => a.userId.localeCompare(b.userId));
    return { agents, visitorTyping: state.visitorTypingUntil > now };
  }

  /** The agent writing a public reply, as the visitor may see it; null when nobody is. */
  publicTypist(conversationId: string): string | null {
    return (
      this.snapshot(conversationId).agents.find((agent) => agent.typing === 'public')?.name ?? null
    );
  }

  private views(conversationId: string) {
    return {
      agents: JSON.stringify(this.snapshot(conversationId)),
      visitor: this.publicTypist(conversationId),
    };
  }

  private compare(workspaceId: string, conversationId: string): PresenceChange | null {
    const before = this.announced.get(conversationId) ?? { agents: emptyView, visitor: null };
    const after = this.views(conversationId);
    if (this.conversations.has(conversationId)) this.announced.set(conversationId, after);
    else this.announced.delete(conversationId);
    const agents = after.agents !== before.agents;
    const visitor = after.visitor !== before.visitor;
    return agents || visitor ? { workspaceId, conversationId, agents, visitor } : null;
  }

  private stateFor(workspaceId: string, conversationId: string): ConversationState {
    let state = this.conversations.get(conversationId);
    if (!state) {
      state = { workspaceId, agents: new Map(), visitorTypingUntil: 0 };
      this.conversations.set(conversationId, state);
    }
    return state;
  }

  private agentFor(state: ConversationState, userId: string, name: string): AgentState {
    let agent = state.agents.get(userId);
    if (!agent) {
      agent = { name, viewingUntil: 0, typing: null };
      state.agents.set(userId, agent);
    }
    agent.name = name;
    return agent;
  }

  private prune(conversationId: string) {
    const state = this.conversations.get(conversationId);
    if (!state) return;
    const now = this.now();
    for (const [userId, agent] of state.agents) {
      if (agent.typing && agent.typing.until <= now) agent.typing = null;
      if (agent.viewingUntil <= now && !agent.typing) state.agents.delete(userId);
    }
    if (state.agents.size === 0 && state.visitorTypingUntil <= now)
      this.conversations.delete(conversationId);
  }
}
