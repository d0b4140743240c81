/**
 * A sliding-window limit per key (a client address), in memory. Each node counts on its own,
 * so with N nodes behind a balancer a client may get up to N times the limit; a shared store
 * (Redis) would make it exact, and is not worth it for abuse throttling.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts a hit for `key` and returns 0 when allowed, or the seconds to wait when the window is
   * already full (the hit is then not counted).
   */
  take(key: string): number {
    const now = this.now();
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.sweep(since);
    return 0;
  }

  /** Forgets keys with no hit inside the window, so memory follows the active clients. */
  private sweep(since: number) {
    for (const [key, times] of this.hits) if (times.at(-1)! <= since) this.hits.delete(key);
  }
}
