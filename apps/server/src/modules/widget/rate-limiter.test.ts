import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limiter.ts';

describe('SlidingWindowLimiter', () => {
  it('allows the limit per window and per key, then says how long to wait', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(2, 10_000, () => now);
    expect(limiter.take('a')).toBe(0);
    now = 4000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(6);
    expect(limiter.take('b')).toBe(0);
    now = 10_001;
    expect(limiter.take('a')).toBe(0);
  });
});
