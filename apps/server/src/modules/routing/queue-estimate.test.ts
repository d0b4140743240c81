import { describe, expect, it } from 'vitest';
import { estimateWaitMinutes } from './queue-estimate.ts';

describe('estimateWaitMinutes', () => {
  it('spreads the last hour’s throughput over the places ahead', () => {
    expect(estimateWaitMinutes(3, 30)).toBe(6);
    expect(estimateWaitMinutes(1, 60)).toBe(1);
    expect(estimateWaitMinutes(10, 4)).toBe(150);
  });

  it('never says less than a minute', () => {
    expect(estimateWaitMinutes(1, 600)).toBe(1);
  });

  it('has no estimate without throughput', () => {
    expect(estimateWaitMinutes(2, 0)).toBeNull();
    expect(estimateWaitMinutes(0, 10)).toBeNull();
  });
});
