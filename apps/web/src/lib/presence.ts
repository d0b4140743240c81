import type { RealtimeClient } from './realtime.ts';

/** Timings of presence signals (presenceTimings in @kefu/contracts widget.ts). */
export const presenceTiming = { viewingRefreshMs: 30_000, typingRefreshMs: 3_000 } as const;

/**
 * This agent's presence in one open conversation: a `conversation` subscription (so presence
 * frames for it arrive), `viewing` refreshed while open, and throttled `typing` signals. After a
 * reconnect it subscribes and announces itself again.
 */
export class ConversationPresence {
  private viewingTimer: number | null = null;
  private typingSentAt = 0;
  private typingVisibility: 'public' | 'internal' | null = null;
  private offStatus: (() => void) | null = null;

  constructor(
    private readonly client: RealtimeClient,
    private readonly conversationId: string,
  ) {}

  start() {
    this.announce();
    this.offStatus = this.client.onStatus((status) => {
      if (status === 'live') this.announce();
    });
    this.viewingTimer = window.setInterval(
      () => this.sendViewing(true),
      presenceTiming.viewingRefreshMs,
    );
  }

  stop() {
    this.offStatus?.();
    if (this.viewingTimer !== null) window.clearInterval(this.viewingTimer);
    this.setTyping(null);
    this.sendViewing(false);
    this.client.send({ type: 'unsubscribe', topic: 'conversation', id: this.conversationId });
  }

  /** Call on every keystroke with what is being written, or null when sent or cleared. */
  setTyping(visibility: 'public' | 'internal' | null) {
    const now = Date.now();
    if (visibility === null) {
      if (this.typingVisibility !== null) {
        this.client.send({ type: 'typing', conversationId: this.conversationId, typing: false });
      }
      this.typingVisibility = null;
      return;
    }
    if (
      visibility === this.typingVisibility &&
      now - this.typingSentAt < presenceTiming.typingRefreshMs
    )
      return;
    this.typingVisibility = visibility;
    this.typingSentAt = now;
    this.client.send({
      type: 'typing',
      conversationId: this.conversationId,
      typing: true,
      visibility,
    });
  }

  private announce() {
    this.client.send({ type: 'subscribe', topic: 'conversation', id: this.conversationId });
    this.sendViewing(true);
  }

  private sendViewing(viewing: boolean) {
    this.client.send({ type: 'viewing', conversationId: this.conversationId, viewing });
  }
}
