import { describe, expect, it } from 'vitest';
import { commandForKey, moveCursor } from './keyboard.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('commandForKey', () => {
  it('maps the inbox letters when not typing', () => {
    expect(
      ['j', 'k', 'Enter', 'o', 'r', 'n', 'e', '?', '/'].map((k) => commandForKey(key(k), false)),
    ).toEqual(['next', 'previous', 'open', 'open', 'reply', 'note', 'solve', 'help', 'search']);
  });

  it('ignores letters while typing, but Ctrl+K still searches', () => {
    expect(commandForKey(key('j'), true)).toBeNull();
    expect(commandForKey(key('e'), true)).toBeNull();
    expect(commandForKey(key('k', { ctrlKey: true }), true)).toBe('search');
    expect(commandForKey(key('k', { metaKey: true }), false)).toBe('search');
  });

  it('leaves browser shortcuts alone', () => {
    expect(commandForKey(key('r', { ctrlKey: true }), false)).toBeNull();
  });
});

describe('moveCursor', () => {
  const ids = ['a', 'b', 'c'];

  it('starts at the first item with j and the last with k', () => {
    expect(moveCursor({ ids, activeId: null }, { type: 'move', delta: 1 }).activeId).toBe('a');
    expect(moveCursor({ ids, activeId: null }, { type: 'move', delta: -1 }).activeId).toBe('c');
  });

  it('stops at the ends', () => {
    expect(moveCursor({ ids, activeId: 'c' }, { type: 'move', delta: 1 }).activeId).toBe('c');
    expect(moveCursor({ ids, activeId: 'a' }, { type: 'move', delta: -1 }).activeId).toBe('a');
  });

  it('keeps the active item when the list reorders', () => {
    const next = moveCursor({ ids, activeId: 'b' }, { type: 'items', ids: ['c', 'b', 'a'] });
    expect(next.activeId).toBe('b');
  });

  it('takes the neighbour when the active item leaves the view', () => {
    const next = moveCursor({ ids, activeId: 'b' }, { type: 'items', ids: ['a', 'c'] });
    expect(next.activeId).toBe('c');
    const last = moveCursor({ ids, activeId: 'c' }, { type: 'items', ids: ['a', 'b'] });
    expect(last.activeId).toBe('b');
    expect(moveCursor({ ids, activeId: 'a' }, { type: 'items', ids: [] }).activeId).toBeNull();
  });
});
