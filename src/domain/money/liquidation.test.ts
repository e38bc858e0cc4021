import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyLiquidationBuffer,
  type LeverageTier,
  liquidationPrice,
  maintenanceRatioAndAmount,
  maxLeverageForStake,
  stoplossOrLiquidation,
} from './index.ts';

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

// Binance-style tiers (BTCUSDT's first three brackets).
const TIERS: LeverageTier[] = [
  { minNotional: 0, maxNotional: 50_000, maintenanceMarginRate: 0.004, maxLeverage: 125, maintAmt: 0 },
  { minNotional: 50_000, maxNotional: 500_000, maintenanceMarginRate: 0.005, maxLeverage: 100, maintAmt: 50 },
  { minNotional: 500_000, maxNotional: 8_000_000, maintenanceMarginRate: 0.01, maxLeverage: 50, maintAmt: 2550 },
];

describe('maintenance margin from leverage tiers (get_maintenance_ratio_and_amt)', () => {
  it('takes the highest tier whose minNotional the value reaches', () => {
    expect(maintenanceRatioAndAmount(TIERS, 0)).toEqual({ mmRatio: 0.004, maintAmt: 0 });
    expect(maintenanceRatioAndAmount(TIERS, 49_999.99)).toEqual({ mmRatio: 0.004, maintAmt: 0 });
    expect(maintenanceRatioAndAmount(TIERS, 50_000)).toEqual({ mmRatio: 0.005, maintAmt: 50 });
    expect(maintenanceRatioAndAmount(TIERS, 9e9)).toEqual({ mmRatio: 0.01, maintAmt: 2550 });
    expect(maintenanceRatioAndAmount([], 100)).toBeNull();
    expect(maintenanceRatioAndAmount(undefined, 100)).toBeNull();
  });
});

describe("exchange-specific liquidation formulas (freqtrade's dry_run_liquidation_price)", () => {
  const long = { tradingMode: 'futures' as const, isShort: false, openRate: 1000, amount: 2, walletBalance: 400 };

  it('binance: (wallet + cum − side·amount·open) / (amount·mmr − side·amount)', () => {
    // stake 400 -> tier 1 (mmr 0.4 %, cum 0): (400 − 2000) / (0.008 − 2) = 803.2128514056225
    const t1 = maintenanceRatioAndAmount(TIERS, 400)!;
    const liq = liquidationPrice({
      ...long,
      exchange: 'binance',
      mmRatio: t1.mmRatio,
      maintAmt: t1.maintAmt,
      takerFee: 0.0005,
    });
    expect(liq).toBeCloseTo(803.2128514056225, 9);
    // 300 @ 1000 at 5x: stake 60000 -> tier 2 (0.5 %, cum 50): (60050 − 300000) / (1.5 − 300) = 803.8525963149078
    const t2 = maintenanceRatioAndAmount(TIERS, 60_000)!;
    const big = { ...long, amount: 300, walletBalance: 60_000, exchange: 'binance', takerFee: 0.0005 };
    expect(liquidationPrice({ ...big, mmRatio: t2.mmRatio, maintAmt: t2.maintAmt })).toBeCloseTo(803.8525963149078, 9);
    // short 3 @ 2000 at 3x: (2000 + 6000) / (0.012 + 3) = 2656.042496679947
    const short = { ...long, isShort: true, openRate: 2000, amount: 3, walletBalance: 2000, exchange: 'binance' };
    expect(liquidationPrice({ ...short, mmRatio: 0.004, maintAmt: 0, takerFee: 0 })).toBeCloseTo(2656.042496679947, 9);
    // no maintenance amount: freqtrade refuses the estimate
    expect(liquidationPrice({ ...long, exchange: 'binance', mmRatio: 0.004, maintAmt: null, takerFee: 0 })).toBeNull();
  });

  it('bybit: open ∓ (initial margin − maintenance margin) / amount', () => {
    // position 2000, im 2000 / 5 = 400, mm 2000 · 0.5 % = 10 -> 1000 − 390 / 2 = 805
    expect(liquidationPrice({ ...long, exchange: 'bybit', leverage: 5, mmRatio: 0.005, takerFee: 0.0006 })).toBe(805);
  });

  it('bitget: (wallet − amount·open·dir) / (amount · (mmr + taker − dir))', () => {
    // (400 − 2000) / (2 · (0.004 + 0.0006 − 1)) = 803.6970062286518
    expect(liquidationPrice({ ...long, exchange: 'bitget', mmRatio: 0.004, takerFee: 0.0006 })).toBeCloseTo(
      803.6970062286518,
      9,
    );
  });

  it('hyperliquid: from the market maximum leverage', () => {
    // mm required 2000 / 50 / 2 = 20; available 380; ll = 1 / 100 -> 1000 − 380 / 2 / 0.99 = 808.0808080808081
    expect(
      liquidationPrice({ ...long, exchange: 'hyperliquid', maxLeverage: 50, mmRatio: 0, takerFee: 0 }),
    ).toBeCloseTo(808.0808080808081, 9);
  });

  it('property: every formula puts a long liquidation below the open rate and a short one above it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('binance', 'bybit', 'bitget', 'hyperliquid', 'gate', 'okx'),
        fc.double({ min: 0.01, max: 100_000, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (exchange, openRate, amount, leverage, isShort) => {
          const stake = (amount * openRate) / leverage;
          const tier = maintenanceRatioAndAmount(TIERS, stake)!;
          const liq = liquidationPrice({
            tradingMode: 'futures',
            exchange,
            isShort,
            openRate,
            amount,
            walletBalance: stake,
            leverage,
            maxLeverage: 50,
            mmRatio: tier.mmRatio,
            maintAmt: tier.maintAmt,
            takerFee: 0.0005,
          })!;
          if (isShort) expect(liq).toBeGreaterThan(openRate);
          else expect(liq).toBeLessThan(openRate);
        },
      ),
    );
  });
});

describe('maxLeverageForStake (freqtrade get_max_leverage)', () => {
  // freqtrade's own example: 75x up to a notional of 10000, then 50x up to 50000.
  const tiers = [
    { minNotional: 0, maxNotional: 10_000, maintenanceMarginRate: 0.01, maxLeverage: 75, maintAmt: 0 },
    { minNotional: 10_000, maxNotional: 50_000, maintenanceMarginRate: 0.025, maxLeverage: 50, maintAmt: 150 },
  ];
  it('follows the tier the stake can reach', () => {
    expect(maxLeverageForStake(tiers, 0)).toBe(75);
    expect(maxLeverageForStake(tiers, 100)).toBe(75); // 10000 / 100 = 100, capped at 75
    expect(maxLeverageForStake(tiers, 150)).toBeCloseTo(10_000 / 150, 12); // below the next floor 200
    expect(maxLeverageForStake(tiers, 200)).toBe(50); // on the last tier
    expect(maxLeverageForStake(tiers, 50_001)).toBeNull(); // beyond the last tier
    expect(maxLeverageForStake(undefined, 100)).toBe(1);
  });
});
