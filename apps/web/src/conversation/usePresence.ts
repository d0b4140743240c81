import { useEffect, useState } from 'react';
import { useRealtimeFrame } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import type { PresenceAgent } from '../lib/contracts-runtime.ts';
import { ConversationPresence } from '../lib/presence.ts';

export interface PresenceState {
  /** Other agents in this conversation (never the viewer). */
  others: PresenceAgent[];
  visitorTyping: boolean;
  /** The viewer's own signal sender. */
  signal: ConversationPresence | null;
}

/** Announces this agent in the conversation and tracks who else is viewing or typing. */
export function usePresence(conversationId: string): PresenceState {
  const { realtime, session } = useWorkspace();
  const [signal, setSignal] = useState<ConversationPresence | null>(null);
  const [others, setOthers] = useState<PresenceAgent[]>([]);
  const [visitorTyping, setVisitorTyping] = useState(false);

  useEffect(() => {
    const presence = new ConversationPresence(realtime, conversationId);
    presence.start();
    setSignal(presence);
    setOthers([]);
    setVisitorTyping(false);
    return () => presence.stop();
  }, [realtime, conversationId]);

  useRealtimeFrame((frame) => {
    if (frame.type !== 'presence' || frame.conversationId !== conversationId) return;
    setOthers(frame.agents.filter((agent) => agent.userId !== session.user.id));
    setVisitorTyping(frame.visitorTyping);
  });

  return { others, visitorTyping, signal };
}
