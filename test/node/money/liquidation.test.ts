import { describe, expect, it } from 'vitest';
import { applyLiquidationBuffer, liquidationPrice, stoplossOrLiquidation } from '../../../src/domain/money/index.ts';

describe('isolated futures liquidation price', () => {
  it('long 5×, 2 @ 1000, mm 1 %, taker 0.05 %', () => {
    // margin = 2 · 1000 / 5 = 400; per unit 400 / 2 = 200; mm + taker = 0.0105
    // (1000 − 200) / (1 − 0.0105) = 800 / 0.9895 = 808.4891359272…
    const liq = liquidationPrice({
      tradingMode: 'futures',
      isShort: false,
      openRate: 1000,
      amount: 2,
      walletBalance: 400,
      mmRatio: 0.01,
      takerFee: 0.0005,
    });
    expect(liq).toBeCloseTo(808.4891359272, 9);
    // a −10 % stop at 5× sits at 1000 · (1 − 0.02) = 980, above the liquidation
    expect(stoplossOrLiquidation({ isShort: false, stopLoss: 980, liquidationPrice: liq })).toBe(980);
  });

  it('short 3×, 3 @ 2000, mm 0.5 %, taker 0.05 %', () => {
    // margin 2000; per unit 2000 / 3 = 666.666…; (2000 + 666.666…) / 1.0055 = 2652.0802254…
    const liq = liquidationPrice({
      tradingMode: 'futures',
      isShort: true,
      openRate: 2000,
      amount: 3,
      walletBalance: 2000,
      mmRatio: 0.005,
      takerFee: 0.0005,
    });
    expect(liq).toBeCloseTo(2652.0802254268, 9);
  });

  it('is null for spot, margin and empty positions', () => {
    const base = { isShort: false, openRate: 100, amount: 1, walletBalance: 100, mmRatio: 0.01, takerFee: 0 };
    expect(liquidationPrice({ ...base, tradingMode: 'spot' })).toBeNull();
    expect(liquidationPrice({ ...base, tradingMode: 'margin' })).toBeNull();
    expect(liquidationPrice({ ...base, tradingMode: 'futures', amount: 0 })).toBeNull();
  });

  it('the buffer pulls the price towards the entry', () => {
    // long: distance 1000 − 800 = 200; 5 % of it = 10 → 810
    expect(applyLiquidationBuffer(800, 1000, false, 0.05)).toBeCloseTo(810, 12);
    // short: distance 1200 − 1000 = 200; 5 % = 10 → down to 1190
    expect(applyLiquidationBuffer(1200, 1000, true, 0.05)).toBeCloseTo(1190, 12);
    // never below zero: short liquidation 0.5 with entry 10 and a 100 % buffer → 0.5 − 9.5 → 0
    expect(applyLiquidationBuffer(0.5, 10, true, 1)).toBe(0);
  });
});
