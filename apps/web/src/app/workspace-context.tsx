import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { api } from '../lib/api.ts';
import { MessageStore } from '../lib/message-store.ts';
import { type ConnectionStatus, RealtimeClient, realtimeUrl } from '../lib/realtime.ts';
import type { Agent, CustomField, EventPayload, SessionInfo, Tag, Team } from '../lib/types.ts';

/** People, teams, tags and field definitions: loaded once, refreshed on demand. */
export interface Directory {
  agents: Agent[];
  teams: Team[];
  tags: Tag[];
  fields: CustomField[];
  loaded: boolean;
}

export interface WorkspaceContextValue {
  session: SessionInfo;
  /** The signed-in person as an agent (team memberships included), once loaded. */
  me: Agent | null;
  directory: Directory;
  refreshDirectory: () => void;
  /** Reads the session again, after the workspace's name, time zone or language changed. */
  refreshSession: () => Promise<void>;
  agentName: (id: string | null) => string | null;
  realtime: RealtimeClient;
  messages: MessageStore;
  isAdmin: boolean;
  signOut: () => Promise<void>;
}

const Context = createContext<WorkspaceContextValue | null>(null);

const emptyDirectory: Directory = { agents: [], teams: [], tags: [], fields: [], loaded: false };

async function loadDirectory(): Promise<Directory> {
  const [agents, teams, tags, fields] = await Promise.all([
    api.get<{ items: Agent[] }>('/agents'),
    api.get<{ items: Team[] }>('/teams'),
    api.get<{ items: Tag[] }>('/tags'),
    api.get<{ items: CustomField[] }>('/custom-fields'),
  ]);
  return {
    agents: agents.items,
    teams: teams.items,
    tags: tags.items,
    fields: fields.items,
    loaded: true,
  };
}

interface Props {
  session: SessionInfo;
  onSignedOut: () => void;
  onSessionChanged: (session: SessionInfo) => void;
  children: ReactNode;
}

/**
 * Everything the signed-in workspace shares: the session, the directory, the one realtime
 * connection and the message store. The admin area reads it through `useWorkspace()`.
 */
export function WorkspaceProvider({ session, onSignedOut, onSessionChanged, children }: Props) {
  const [directory, setDirectory] = useState<Directory>(emptyDirectory);
  const [realtime] = useState(() => new RealtimeClient({ url: realtimeUrl(window.location) }));
  const [messages] = useState(() => new MessageStore());

  const refreshDirectory = useCallback(() => {
    loadDirectory().then(setDirectory, () => undefined);
  }, []);

  useEffect(() => {
    refreshDirectory();
    realtime.start();
    const wake = () => realtime.wake();
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    const off = realtime.onStatus((status) => {
      if (status === 'unauthenticated') onSignedOut();
    });
    // Threads that are open (or were) take new messages from every event, live or replayed.
    // Email replies' delivery states (queued → sending → sent, failed, bounced) likewise.
    const offMessages = realtime.onEvent((event) => {
      if (!event.conversationId || !messages.has(event.conversationId)) return;
      if (event.type === 'message.created') {
        const { message } = event.payload as EventPayload<'message.created'>;
        messages.add(event.conversationId, [message]);
      } else if (event.type === 'message.delivery') {
        const { messageId, status, error } = event.payload as EventPayload<'message.delivery'>;
        messages.setDelivery(event.conversationId, messageId, {
          status,
          error,
          at: event.createdAt,
        });
      }
    });
    return () => {
      off();
      offMessages();
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
      realtime.stop();
    };
  }, [realtime, messages, refreshDirectory, onSignedOut]);

  const value = useMemo<WorkspaceContextValue>(() => {
    const byId = new Map(directory.agents.map((agent) => [agent.id, agent]));
    return {
      session,
      me: byId.get(session.user.id) ?? null,
      directory,
      refreshDirectory,
      refreshSession: async () => onSessionChanged(await api.get<SessionInfo>('/auth/session')),
      agentName: (id) => (id ? (byId.get(id)?.name ?? null) : null),
      realtime,
      messages,
      isAdmin: session.role === 'owner' || session.role === 'admin',
      signOut: async () => {
        realtime.stop();
        try {
          await api.post('/auth/logout');
        } finally {
          onSignedOut();
        }
      },
    };
  }, [session, directory, refreshDirectory, realtime, messages, onSignedOut, onSessionChanged]);

  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(Context);
  if (!value) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}

/** The live connection's status, for the indicator. */
export function useConnectionStatus(): ConnectionStatus {
  const { realtime } = useWorkspace();
  const [status, setStatus] = useState<ConnectionStatus>(realtime.status);
  useEffect(() => {
    setStatus(realtime.status);
    return realtime.onStatus(setStatus);
  }, [realtime]);
  return status;
}
