import { describe, expect, it } from 'vitest';
import { fundingFeesFromCandles, fundingStart, runningFundingFee } from './funding.ts';

const H = 3_600_000;

describe("funding fees from candles (freqtrade's calculate_funding_fees)", () => {
  it('worked example: inner join on the open time, [from, to] inclusive, longs pay a positive rate', () => {
    const rates = [
      [0, 0.0001],
      [8 * H, 0.0002],
      [16 * H, -0.0001],
    ] as const;
    const marks = [
      [0, 2000],
      [H, 2010],
      [8 * H, 2100],
      [16 * H, 1900],
      [24 * H, 1950],
    ] as const;
    // From 1h to 16h: 8h (0.0002 · 2100 · 3 = 1.26) and 16h (−0.0001 · 1900 · 3 = −0.57): 0.69 → a long pays 0.69.
    expect(fundingFeesFromCandles(rates, marks, { amount: 3, isShort: false }, H, 16 * H)).toBeCloseTo(-0.69, 12);
    expect(fundingFeesFromCandles(rates, marks, { amount: 3, isShort: true }, H, 16 * H)).toBeCloseTo(0.69, 12);
    // 24h has a mark candle but no funding candle: nothing.
    expect(fundingFeesFromCandles(rates, marks, { amount: 3, isShort: false }, 17 * H, 30 * H)).toBe(-0);
  });

  it('the running fee is the total minus what orders already carry', () => {
    expect(runningFundingFee(-1.5, [-0.5, null, -0.25])).toBe(-0.75);
    expect(runningFundingFee(0, [])).toBe(0);
  });

  it('funding_fee_cutoff: a fill at 10:00:00.5 (any exchange) or 10:00:14 (Binance) pays the 10:00 funding', () => {
    const ten = 10 * H;
    expect(fundingStart('okx', ten + 500)).toBe(ten);
    expect(fundingStart('okx', ten + 1_000)).toBe(ten + 1_000);
    expect(fundingStart('binance', ten + 14_999)).toBe(ten);
    expect(fundingStart('binance', ten + 15_000)).toBe(ten + 15_000);
  });
});
