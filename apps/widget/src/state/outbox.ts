import type { VisitorMessage } from '@kefu/contracts';
import type { MessageRequest } from '../api/client.ts';
import type { ChatAction, ChatAttachment } from './chat-state.ts';
import { toChatMessage } from './visitor-frames.ts';

export interface OutboxDeps {
  dispatch: (action: ChatAction) => void;
  /** Delivers one message, creating the conversation first when there is none. */
  deliver: (body: MessageRequest) => Promise<VisitorMessage>;
  onDelivered: () => void;
  onError: (error: unknown) => void;
  now: () => number;
}

/**
 * The visitor's outgoing messages: shown at once as "sending", delivered strictly one after
 * another (so the first message creates one conversation, not two), and kept with a retry
 * button when delivery fails.
 */
export class Outbox {
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  private failed = new Map<string, MessageRequest>();

  constructor(private readonly deps: OutboxDeps) {}

  send(text: string, attachments: ChatAttachment[]): Promise<void> {
    const body: MessageRequest = {};
    if (text.trim()) body.body = text;
    if (attachments.length > 0) body.attachmentIds = attachments.map((a) => a.id);
    const localId = `local-${++this.seq}`;
    this.deps.dispatch({
      type: 'pending',
      message: {
        id: localId,
        authorType: 'customer',
        authorName: null,
        body: text,
        attachments,
        createdAt: new Date(this.deps.now()).toISOString(),
        delivery: 'sending',
      },
    });
    return this.enqueue(localId, body);
  }

  retry(localId: string): Promise<void> {
    const body = this.failed.get(localId);
    if (!body) return Promise.resolve();
    this.failed.delete(localId);
    this.deps.dispatch({ type: 'delivery', localId, delivery: 'sending' });
    return this.enqueue(localId, body);
  }

  private enqueue(localId: string, body: MessageRequest): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        const message = await this.deps.deliver(body);
        this.deps.dispatch({ type: 'delivered', localId, message: toChatMessage(message) });
        this.deps.onDelivered();
      } catch (error) {
        this.failed.set(localId, body);
        this.deps.dispatch({ type: 'delivery', localId, delivery: 'failed' });
        this.deps.onError(error);
      }
    });
    return this.queue;
  }
}
