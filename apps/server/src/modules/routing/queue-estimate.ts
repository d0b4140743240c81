/** Throughput is measured over this window. */
export const throughputWindowMs = 60 * 60 * 1000;

/**
 * Minutes until a conversation at `position` (1 = next) is likely taken: the team took
 * `assignedInWindow` conversations in the last hour, so one leaves the queue every
 * 60 / assignedInWindow minutes. Null when the team took none in the last hour (no basis for
 * a guess; the widget then shows the position only).
 *
 * @example estimateWaitMinutes(3, 30) // 30 an hour → one every 2 min → about 6 minutes
 */
export function estimateWaitMinutes(position: number, assignedInWindow: number): number | null {
  if (assignedInWindow <= 0 || position <= 0) return null;
  const minutesEach = throughputWindowMs / 60_000 / assignedInWindow;
  return Math.max(1, Math.ceil(position * minutesEach));
}
