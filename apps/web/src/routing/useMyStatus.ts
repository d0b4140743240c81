import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../lib/api.ts';
import type { MyStatus, PresenceStatus } from './types.ts';

const activityEvents = ['mousemove', 'keydown', 'pointerdown', 'focus'] as const;

/**
 * The agent's own status, and the workspace's auto-away: after `autoAwayMinutes` without input
 * the app sets them away; their next input sets them online again, but only if the app (not
 * the agent) chose away.
 */
export function useMyStatus() {
  const [status, setStatus] = useState<MyStatus | null>(null);
  const [autoAway, setAutoAway] = useState(false);
  const lastInput = useRef(Date.now());

  useEffect(() => {
    api.get<MyStatus>('/me/status').then(setStatus, () => undefined);
  }, []);

  const change = useCallback(
    async (next: PresenceStatus, awayReason: string | null = null, automatic = false) => {
      const saved = await api.put<MyStatus>('/me/status', { status: next, awayReason });
      setStatus(saved);
      setAutoAway(automatic);
    },
    [],
  );

  const minutes = status?.autoAwayMinutes ?? 0;
  const current = status?.status;
  useEffect(() => {
    if (!minutes) return;
    const onInput = () => {
      lastInput.current = Date.now();
      if (autoAway && current === 'away') void change('online').catch(() => undefined);
    };
    for (const name of activityEvents) window.addEventListener(name, onInput, { passive: true });
    const timer = window.setInterval(() => {
      if (current === 'online' && Date.now() - lastInput.current >= minutes * 60_000)
        void change('away', null, true).catch(() => undefined);
    }, 15_000);
    return () => {
      for (const name of activityEvents) window.removeEventListener(name, onInput);
      window.clearInterval(timer);
    };
  }, [minutes, current, autoAway, change]);

  return { status, autoAway, change };
}
