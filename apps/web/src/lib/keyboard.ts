/** Workspace keyboard commands. Pure: the tests drive them without a DOM. */
export type Command = 'next' | 'previous' | 'open' | 'reply' | 'note' | 'solve' | 'help' | 'search';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The command for a key press. Single letters only count when the user is not typing in a
 * field; Ctrl/⌘+K opens search from anywhere.
 */
export function commandForKey(event: KeyLike, isTyping: boolean): Command | null {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') return 'search';
  if (isTyping || event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'Enter':
    case 'o':
      return 'open';
    case 'r':
      return 'reply';
    case 'n':
      return 'note';
    case 'e':
      return 'solve';
    case '?':
      return 'help';
    case '/':
      return 'search';
    default:
      return null;
  }
}

/** Is focus in something that takes text (so letters are typing, not commands)? */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(type);
}

/** The list's keyboard cursor: which conversation is active among those shown. */
export interface ListCursor {
  ids: readonly string[];
  activeId: string | null;
}

export type CursorAction =
  | { type: 'items'; ids: readonly string[] }
  | { type: 'move'; delta: number }
  | { type: 'select'; id: string | null };

/**
 * Moves the cursor. When the list changes (live updates), the active conversation keeps its
 * place if it is still there; otherwise the cursor takes its old neighbour, so j/k never jump
 * to the top after a conversation leaves the view.
 */
export function moveCursor(state: ListCursor, action: CursorAction): ListCursor {
  switch (action.type) {
    case 'items': {
      const { ids } = action;
      if (state.activeId === null || ids.includes(state.activeId)) return { ...state, ids };
      const oldIndex = state.ids.indexOf(state.activeId);
      const fallback = ids[Math.min(Math.max(oldIndex, 0), ids.length - 1)] ?? null;
      return { ids, activeId: oldIndex === -1 ? null : fallback };
    }
    case 'move': {
      if (state.ids.length === 0) return state;
      const index = state.activeId === null ? -1 : state.ids.indexOf(state.activeId);
      const start = index === -1 ? (action.delta > 0 ? -1 : state.ids.length) : index;
      const next = Math.min(Math.max(start + action.delta, 0), state.ids.length - 1);
      return { ...state, activeId: state.ids[next]! };
    }
    case 'select':
      return { ...state, activeId: action.id };
  }
}
