import type { VisitorMessage, VisitorServerFrame } from '@kefu/contracts';
import type { ChatAction, ChatMessage } from './chat-state.ts';
import type { WidgetState } from './widget-state.ts';

/** A visitor-facing message from the API as the chat state keeps it. */
export const toChatMessage = (m: VisitorMessage): ChatMessage => ({
  id: m.id,
  authorType: m.author.type,
  authorName: m.author.name,
  body: m.body,
  attachments: m.attachments,
  createdAt: m.createdAt,
});

/** What a socket frame means for the widget: a state change, or reload the conversation. */
export type FrameEffect =
  | { kind: 'none' }
  | { kind: 'reload' }
  | {
      kind: 'apply';
      conversationId?: string;
      status?: WidgetState['conversationStatus'];
      action?: ChatAction;
    };

/**
 * Interprets one frame from the visitor socket against the current state. Frames for another
 * conversation of the visitor mean a newer one exists (another tab, or an agent opened it):
 * the caller reloads to show it.
 */
export function frameEffect(
  state: WidgetState,
  frame: VisitorServerFrame,
  now: number,
): FrameEffect {
  const current = state.conversationId;
  switch (frame.type) {
    case 'message': {
      const { conversationId } = frame.message;
      if (current && conversationId !== current) return { kind: 'reload' };
      return {
        kind: 'apply',
        conversationId,
        action: { type: 'messages', messages: [toChatMessage(frame.message)] },
      };
    }
    case 'conversation':
      return frame.conversation.id === current
        ? { kind: 'apply', status: frame.conversation.status }
        : { kind: 'none' };
    case 'typing':
      if (frame.conversationId !== current) return { kind: 'none' };
      return {
        kind: 'apply',
        action: { type: 'agentTyping', name: frame.agent.name, isTyping: frame.typing, now },
      };
    case 'read':
      if (frame.conversationId !== current) return { kind: 'none' };
      return { kind: 'apply', action: { type: 'agentRead', at: frame.agentLastReadAt } };
    case 'ready':
    case 'pong':
    case 'error':
      return { kind: 'none' };
  }
}
