import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskMetrics } from './metrics.ts';

const DAY = 86_400_000;

describe('riskMetrics (freqtrade data/metrics.py, as /profit uses it)', () => {
  // Worked by hand from calculate_sharpe / calculate_sortino / calculate_sqn:
  // returns r = [0.01, -0.005, 0.02, -0.015] (profit_abs / 1000), period 3 whole days.
  // mean daily return = 0.01 / 3; np.std(r) (ddof 0) = sqrt(7.25e-4 / 4) = 0.0134629...
  // sharpe = (0.01/3) / 0.0134629 * sqrt(365) = 4.730272606013639
  // losing r = [-0.005, -0.015]: np.std = 0.005 -> sortino = (0.01/3) / 0.005 * sqrt(365) = 12.736648783028533
  // (the sample std would give 4.0965... and 9.0061...; that was tickhub's old answer)
  // sqn: pandas std (ddof 1) = sqrt(7.25e-4 / 3); round(2 * 0.0025 / 0.0155456, 4) = 0.3216
  const input = {
    profits: [10, -5, 20, -15],
    startingBalance: 1000,
    firstDate: Date.UTC(2024, 0, 1),
    lastDate: Date.UTC(2024, 0, 1) + 3 * DAY + 5 * 3_600_000,
    maxDrawdownRelative: 0.015,
  };

  it('uses the population standard deviation for sharpe and sortino', () => {
    const m = riskMetrics(input);
    expect(m.sharpe).toBeCloseTo(4.730272606013639, 9);
    expect(m.sortino).toBeCloseTo(12.736648783028533, 9);
    expect(m.sqn).toBe(0.3216);
  });

  it('counts the period from the first to the last trade open date, and answers 0 for an empty one', () => {
    const same = riskMetrics({ ...input, lastDate: input.firstDate });
    expect(same.sharpe).toBe(0);
    expect(same.sortino).toBe(0);
    expect(same.calmar).toBe(0);
    // Less than a day counts as one day.
    const short = riskMetrics({ ...input, lastDate: input.firstDate + 3_600_000 });
    expect(short.sharpe).toBeCloseTo(4.730272606013639 * 3, 9);
  });

  it('gives -100 when no losing trade exists (sortino) or all returns are equal (sharpe)', () => {
    const m = riskMetrics({ ...input, profits: [5, 5] });
    expect(m.sharpe).toBe(-100);
    expect(m.sortino).toBe(-100);
  });

  it('property: with two returns a != b, np.std is |a - b| / 2, so sharpe has a closed form', () => {
    const profit = fc.double({ min: -500, max: 500, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(profit, profit, fc.integer({ min: 1, max: 400 }), (a, b, days) => {
        fc.pre(Math.abs(a - b) > 1e-6);
        const m = riskMetrics({ ...input, profits: [a, b], lastDate: input.firstDate + days * DAY });
        const expected = ((a + b) / 1000 / days / (Math.abs(a - b) / 1000 / 2)) * Math.sqrt(365);
        expect(Math.abs(m.sharpe - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
      }),
    );
  });
});
