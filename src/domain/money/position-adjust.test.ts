import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxEntriesReached, parseAdjustAnswer, partialExitAmount, validateStakeAmount } from './position-adjust.ts';

describe('position adjustment rules (freqtrade)', () => {
  it('parses a stake or a (stake, tag) answer', () => {
    expect(parseAdjustAnswer(25)).toEqual({ stake: 25, tag: '' });
    expect(parseAdjustAnswer([-10, 'half'])).toEqual({ stake: -10, tag: 'half' });
    expect(parseAdjustAnswer([null, 'x'])).toEqual({ stake: null, tag: 'x' });
    expect(parseAdjustAnswer(null)).toEqual({ stake: null, tag: '' });
    expect(parseAdjustAnswer(Number.NaN)).toEqual({ stake: null, tag: '' });
  });

  it('counts entries as freqtrade: refused once successful entries exceed the maximum', () => {
    expect(maxEntriesReached(2, 1)).toBe(true);
    expect(maxEntriesReached(1, 1)).toBe(false);
    expect(maxEntriesReached(50, -1)).toBe(false);
  });

  it('validate_stake_amount: +30 % at most to the minimum, the trade stays under the maximum', () => {
    const limits = { minStake: 10, maxStake: 1000, available: 500, tradeStake: null };
    expect(validateStakeAmount(8, limits)).toBe(10); // 8·1.3 = 10.4 ≥ 10
    expect(validateStakeAmount(7, limits)).toBe(0); // 7·1.3 = 9.1 < 10
    expect(validateStakeAmount(600, limits)).toBe(500);
    expect(validateStakeAmount(600, { ...limits, tradeStake: 900 })).toBe(100);
    expect(validateStakeAmount(0, limits)).toBe(0);
  });

  it('partial exit: |stake·amount/stake_amount| truncated to the step; none when the rest is below the minimum', () => {
    // 0.0333 ETH held for 100.05 USDT; -50 → 0.016641679... → 0.0166 at 1e-4.
    const trade = { amount: 0.0333, stakeAmount: 100.05, amountPrecision: 0.0001 };
    expect(partialExitAmount(-50, trade, 3000, 10)).toBe(0.0166);
    // Rest 0.0001·3000 = 0.3 < 10: freqtrade does not exit.
    expect(partialExitAmount(-100, { ...trade, stakeAmount: 100.3 }, 3000, 10)).toBeNull();
    // Everything: the rest is 0, which is allowed.
    expect(partialExitAmount(-100.05, trade, 3000, 10)).toBe(0.0333);
    expect(partialExitAmount(-0.001, trade, 3000, 10)).toBeNull();
  });

  it('property: a partial exit never asks for more than is held, and lands on the step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: -1e6, max: -1e-6, noNaN: true }),
        (steps, stakeAmount, stake) => {
          const trade = { amount: steps * 1e-4, stakeAmount, amountPrecision: 1e-4 };
          const amount = partialExitAmount(stake, trade, 100, null);
          if (amount === null) return;
          expect(amount).toBeLessThanOrEqual(trade.amount);
          expect(Math.abs(Math.round(amount / 1e-4) * 1e-4 - amount)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});
