import { describe, expect, it } from 'vitest';
import { orderBookLimit } from './mapping.ts';

describe('orderBookLimit (freqtrade get_next_limit_in_list)', () => {
  it('takes the next allowed depth, or none above the range where a depth is optional', () => {
    // Kucoin [20, 100], not required: 1 → 20, 20 → 20, 21 → 100, 101 → no limit.
    expect([1, 20, 21, 100, 101].map((n) => orderBookLimit('kucoin', n))).toEqual([20, 20, 100, 100, undefined]);
    // HTX [5, 10, 20]: 1 → 5, 6 → 10, 50 → no limit.
    expect([1, 6, 50].map((n) => orderBookLimit('htx', n))).toEqual([5, 10, undefined]);
    // Exchanges without a range get the depth as asked.
    expect(orderBookLimit('okx', 1)).toBe(1);
    expect(orderBookLimit('kucoin', undefined)).toBeUndefined();
  });
});
