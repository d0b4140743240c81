import type { FastifyBaseLogger } from 'fastify';
import type { EventBus, Signal } from './event-bus.ts';
import { type PresenceChange, PresenceTracker } from './presence.ts';
import type { Connection } from './realtime-connection.ts';
import type { VisitorHub } from './visitor.gateway.ts';

/**
 * Routes ephemeral signals from the bus to this node's sockets: presence to the agents who follow
 * the conversation (and the public typist to its visitor), read receipts to the other side.
 * Returns the tracker (sockets read snapshots from it) and a stop function.
 */
export function routeSignals(options: {
  bus: EventBus;
  agentsOf(workspaceId: string): Iterable<Connection>;
  visitors: VisitorHub | null;
  log: FastifyBaseLogger;
}) {
  const presence = new PresenceTracker();
  const following = function* (workspaceId: string, conversationId: string) {
    for (const connection of options.agentsOf(workspaceId))
      if (connection.followsConversation(conversationId)) yield connection;
  };
  const announce = (change: PresenceChange) => {
    if (change.agents)
      for (const connection of following(change.workspaceId, change.conversationId))
        connection.sendSignal(connection.presenceFrame(change.conversationId));
    if (change.visitor)
      options.visitors?.agentTyping(
        change.workspaceId,
        change.conversationId,
        presence.publicTypist(change.conversationId),
      );
  };
  const route = (signal: Signal) => {
    if (signal.kind !== 'read') {
      const change = presence.apply(signal);
      if (change) announce(change);
    } else if (signal.side === 'agent') {
      options.visitors?.agentRead(signal.workspaceId, signal.conversationId, signal.at);
    } else {
      for (const connection of following(signal.workspaceId, signal.conversationId))
        connection.sendSignal({
          type: 'read',
          conversationId: signal.conversationId,
          visitorLastReadAt: signal.at,
        });
    }
  };
  const unsubscribe = options.bus.onSignal((signal) => {
    try {
      route(signal);
    } catch (error) {
      options.log.error({ err: error }, 'realtime signal');
    }
  });
  // Typing and viewing lapse on their own; look for lapsed ones every second.
  const sweep = setInterval(() => {
    if (presence.size > 0) for (const change of presence.expire()) announce(change);
  }, 1000);
  sweep.unref();
  return {
    presence,
    stop() {
      clearInterval(sweep);
      unsubscribe();
    },
  };
}
