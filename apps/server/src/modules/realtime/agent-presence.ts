import { type ClientFrame } from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { Signal } from './event-bus.ts';
import type { RealtimeService } from './realtime.service.ts';

export type PresenceFrame = Extract<ClientFrame, { type: 'typing' | 'viewing' }>;
type User = Extract<Actor, { kind: 'user' }>;

/**
 * One agent connection's side of presence: which conversations it may signal about (each
 * checked once against the workspace), which it has open, and the agent's display name.
 */
export class AgentPresence {
  private readonly allowed = new Set<string>();
  private readonly viewing = new Set<string>();
  private name: string | null = null;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly signal: (signal: Signal) => void,
  ) {}

  /**
   * Sends the frame's signal. Resolves to an error to report (a conversation of another
   * workspace is `not_found`), `opened` when the agent just opened the conversation, or `sent`.
   */
  async handle(actor: User, frame: PresenceFrame): Promise<AppError | 'opened' | 'sent'> {
    const conversationId = frame.conversationId;
    if (!this.allowed.has(conversationId)) {
      try {
        await this.realtime.authorizeSubscription(actor, 'conversation', conversationId);
      } catch (error) {
        if (error instanceof AppError) return error;
        throw error;
      }
      this.allowed.add(conversationId);
    }
    this.name ??= await this.realtime.agentName(actor.workspaceId, actor.userId);
    const base = { workspaceId: actor.workspaceId, conversationId };
    if (frame.type === 'typing') {
      this.signal({
        ...base,
        kind: 'typing',
        from: { type: 'agent', userId: actor.userId, name: this.name },
        typing: frame.typing,
        visibility: frame.visibility,
      });
      return 'sent';
    }
    if (frame.viewing) this.viewing.add(conversationId);
    else this.viewing.delete(conversationId);
    this.signal({
      ...base,
      kind: 'viewing',
      userId: actor.userId,
      name: this.name,
      viewing: frame.viewing,
    });
    return frame.viewing ? 'opened' : 'sent';
  }

  /** Announces that the agent has left every conversation it had open (the socket closed). */
  leaveAll(actor: Actor) {
    if (actor.kind !== 'user' || this.name === null) return;
    for (const conversationId of this.viewing) {
      this.signal({
        kind: 'viewing',
        workspaceId: actor.workspaceId,
        conversationId,
        userId: actor.userId,
        name: this.name,
        viewing: false,
      });
    }
    this.viewing.clear();
  }
}
