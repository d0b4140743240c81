import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Signal } from './event-bus.ts';
import { createRedisEventBus } from './redis-event-bus.ts';

// CI runs Redis next to PostgreSQL; locally, set TEST_REDIS_URL to run this.
const redisUrl =
  process.env.TEST_REDIS_URL ??
  (process.env.TEST_DATABASE_URL ? 'redis://127.0.0.1:6379' : undefined);

describe.runIf(redisUrl)('redis event bus signals', () => {
  it('carries presence signals to every node once, the sender included', async () => {
    const channel = `kefu:test:${randomUUID()}`;
    const options = { url: redisUrl!, channel, onError: () => {} };
    const [one, two] = [await createRedisEventBus(options), await createRedisEventBus(options)];
    const seen: { node: string; signal: Signal }[] = [];
    one.onSignal((signal) => seen.push({ node: 'one', signal }));
    two.onSignal((signal) => seen.push({ node: 'two', signal }));
    const signal: Signal = {
      kind: 'viewing',
      workspaceId: randomUUID(),
      conversationId: randomUUID(),
      userId: randomUUID(),
      name: '王小明',
      viewing: true,
    };
    one.signal(signal);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual([
      { node: 'one', signal },
      { node: 'two', signal },
    ]);
    await one.close();
    await two.close();
  });
});
