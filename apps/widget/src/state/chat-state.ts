/**
 * The widget's conversation state as a pure reducer, so the rules that matter (no duplicates,
 * no gaps, stable order, read and typing state) are tested without a browser.
 */

export type AuthorKind = 'customer' | 'agent' | 'bot' | 'system';

export interface ChatAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface ChatMessage {
  id: string;
  authorType: AuthorKind;
  authorName: string | null;
  body: string;
  attachments: ChatAttachment[];
  createdAt: string;
  /** Set while a visitor's message is on its way (id is then a local one). */
  delivery?: 'sending' | 'failed';
}

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting';

export interface ChatState {
  messages: ChatMessage[];
  /** The agent side has read the visitor's messages up to this time (ISO), if known. */
  agentReadAt: string | null;
  /** Someone on the agent side is typing, until `until` (ms since epoch). */
  agentTyping: { name: string | null; until: number } | null;
  connection: ConnectionState;
  /** Agent and bot messages that arrived while the panel was closed. */
  unread: number;
  isOpen: boolean;
  /** The latest agent or bot message that arrived live, for the screen-reader live region. */
  announce: ChatMessage | null;
}

export const initialChatState: ChatState = {
  messages: [],
  agentReadAt: null,
  agentTyping: null,
  connection: 'idle',
  unread: 0,
  isOpen: false,
  announce: null,
};

export type ChatAction =
  | { type: 'messages'; messages: ChatMessage[]; fromHistory?: boolean }
  | { type: 'pending'; message: ChatMessage }
  | { type: 'delivered'; localId: string; message: ChatMessage }
  | { type: 'delivery'; localId: string; delivery: 'sending' | 'failed' }
  | { type: 'agentRead'; at: string }
  | { type: 'agentTyping'; name: string | null; isTyping: boolean; now: number }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'open'; isOpen: boolean }
  | { type: 'reset' };

const byTime = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;

/**
 * Adds messages by id: a message seen twice (history and socket replay overlap, or the socket
 * and the POST response both deliver it) is kept once, with the newest copy.
 */
export function mergeMessages(list: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return list;
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(byTime);
}

const isFromAgentSide = (m: ChatMessage) => m.authorType === 'agent' || m.authorType === 'bot';

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'messages': {
      const known = new Set(state.messages.map((m) => m.id));
      const fresh = action.messages.filter((m) => !known.has(m.id));
      const messages = mergeMessages(state.messages, action.messages);
      const freshFromAgent = action.fromHistory ? [] : fresh.filter(isFromAgentSide);
      // An agent who answers has read what came before.
      const typingDone = fresh.some(isFromAgentSide) ? null : state.agentTyping;
      return {
        ...state,
        messages,
        agentTyping: typingDone,
        unread: state.isOpen ? 0 : state.unread + freshFromAgent.length,
        announce: freshFromAgent.at(-1) ?? state.announce,
      };
    }
    case 'pending':
      return { ...state, messages: mergeMessages(state.messages, [action.message]) };
    case 'delivered': {
      const rest = state.messages.filter((m) => m.id !== action.localId);
      return { ...state, messages: mergeMessages(rest, [action.message]) };
    }
    case 'delivery':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === action.localId ? { ...m, delivery: action.delivery } : m,
        ),
      };
    case 'agentRead':
      if (state.agentReadAt && state.agentReadAt >= action.at) return state;
      return { ...state, agentReadAt: action.at };
    case 'agentTyping':
      return {
        ...state,
        agentTyping: action.isTyping ? { name: action.name, until: action.now + 6000 } : null,
      };
    case 'connection':
      return state.connection === action.state ? state : { ...state, connection: action.state };
    case 'open':
      return { ...state, isOpen: action.isOpen, unread: action.isOpen ? 0 : state.unread };
    case 'reset':
      return { ...initialChatState, isOpen: state.isOpen };
  }
}

/** The id of the visitor's last delivered message the agent side has read, for "Seen". */
export function lastSeenVisitorMessageId(state: ChatState): string | null {
  if (!state.agentReadAt) return null;
  let seen: string | null = null;
  for (const message of state.messages) {
    if (message.authorType !== 'customer' || message.delivery) continue;
    if (message.createdAt <= state.agentReadAt) seen = message.id;
  }
  return seen;
}

/** Whether the typing indicator should show at `now` (typing signals expire on their own). */
export function isAgentTyping(state: ChatState, now: number): boolean {
  return state.agentTyping !== null && state.agentTyping.until > now;
}
