import { describe, expect, it } from 'vitest';
import { updateMinMaxRate } from './index.ts';

describe('updateMinMaxRate', () => {
  it('starts from the open rate and keeps the extremes', () => {
    let s = { openRate: 100, maxRate: null as number | null, minRate: null as number | null, id: 7 };
    s = updateMinMaxRate(s, 101, 99.5);
    expect(s).toEqual({ openRate: 100, maxRate: 101, minRate: 99.5, id: 7 });
    s = updateMinMaxRate(s, 100.5, 99.8);
    expect(s.maxRate).toBe(101);
    expect(s.minRate).toBe(99.5);
    // a single rate moves both bounds
    s = updateMinMaxRate(s, 95);
    expect(s.minRate).toBe(95);
    expect(s.maxRate).toBe(101);
  });

  it('the open rate counts as seen', () => {
    const s = updateMinMaxRate({ openRate: 100, maxRate: null, minRate: null }, 98);
    expect(s.maxRate).toBe(100);
    expect(s.minRate).toBe(98);
  });
});
