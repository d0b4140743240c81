import { useCallback, useEffect, useMemo, useState } from 'react';
import { useRealtimeEvent, useResync } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { api } from '../lib/api.ts';
import { type InboxCounts, adjustInboxCounts, countChangeOf } from '../lib/contracts-runtime.ts';

/**
 * The inbox view counts: read once from the server's counters, then adjusted from each
 * conversation event (no request per event), and read again after a reconnect.
 */
export function useInboxCounts(): InboxCounts | null {
  const { session, me } = useWorkspace();
  const [counts, setCounts] = useState<InboxCounts | null>(null);
  const teamIds = me?.teamIds;
  const viewer = useMemo(
    () => ({ userId: session.user.id, teamIds: teamIds ?? [] }),
    [session.user.id, teamIds],
  );

  const load = useCallback(() => {
    api.get<InboxCounts>('/conversations/counts').then(setCounts, () => undefined);
  }, []);

  // Reload when team membership becomes known: byTeam depends on it.
  useEffect(load, [load, viewer]);
  useResync(load);
  useRealtimeEvent((event) => {
    const change = countChangeOf(event);
    if (change)
      setCounts((current) => (current ? adjustInboxCounts(current, change, viewer) : current));
  });
  return counts;
}
