import { useEffect, useRef } from 'react';
import type { ResyncReason } from '../lib/realtime.ts';
import type { RealtimeEvent, ServerFrame } from '../lib/types.ts';
import { useWorkspace } from './workspace-context.tsx';

/** Calls `listener` for every realtime event while the component is mounted. */
export function useRealtimeEvent(listener: (event: RealtimeEvent) => void) {
  const { realtime } = useWorkspace();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => realtime.onEvent((event) => ref.current(event)), [realtime]);
}

/** Calls `listener` after a reconnect (replay done) or a reset: time to refetch. */
export function useResync(listener: (reason: ResyncReason) => void) {
  const { realtime } = useWorkspace();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => realtime.onResync((reason) => ref.current(reason)), [realtime]);
}

/** Every server frame (for presence and read signals). */
export function useRealtimeFrame(listener: (frame: ServerFrame) => void) {
  const { realtime } = useWorkspace();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => realtime.onFrame((frame) => ref.current(frame)), [realtime]);
}
