import { describe, expect, it } from 'vitest';
import { marketChangeTable } from './market-change.ts';

const series = (...rows: [number, number][]) => ({ date: rows.map((r) => r[0]), close: rows.map((r) => r[1]) });

describe('marketChangeTable', () => {
  it("freqtrade's rel_mean: row mean over the closes and the count column, cumulative pct change", () => {
    // two pairs at t=0 (closes 10 and 20, count 2): mean (10 + 20 + 2) / 3 = 32/3
    // one pair at t=1 (close 11, count 1): mean (11 + 1) / 2 = 6; rel = 6 / (32/3) - 1 = -0.4375
    // t=2 is outside [0, 2)
    const t = marketChangeTable([series([0, 10], [1, 11], [2, 99]), series([0, 20])], 0, 2);
    expect(t.columns).toEqual(['date', 'mean', 'rel_mean', 'count', '__date_ts']);
    expect(t.length).toBe(2);
    expect(t.data[0]).toEqual(['1970-01-01T00:00:00.000Z', 32 / 3, 0, 2, 0]);
    expect(t.data[1][1]).toBe(6);
    expect(t.data[1][2]).toBeCloseTo(-0.4375, 12);
    expect(t.data[1][3]).toBe(1);
  });

  it('no candles: an empty table', () => {
    expect(marketChangeTable([], 0, 10)).toEqual({
      columns: ['date', 'mean', 'rel_mean', 'count', '__date_ts'],
      length: 0,
      data: [],
    });
  });
});
