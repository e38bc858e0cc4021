// The built-in port of freqtrade-strategies' FixedRiskRewardLoss (custom_stoploss with a fixed
// risk/reward ratio): TA-Lib's ATR and the stop rule by hand, the entry-candle lookup its
// custom_stoploss does, and a fast-check property of the rule.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/exchange/port.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import {
  FixedRiskRewardLoss,
  RISK_REWARD_RATIO,
  riskRewardStop,
} from '../../../src/strategy/builtin/FixedRiskRewardLoss.ts';
import { talibAtr } from '../../../src/strategy/indicators/index.ts';
import type { TradeView } from '../../../src/strategy/types.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

describe('talibAtr (TA-Lib ATR)', () => {
  it('period 3 by hand: true range from the 2nd candle, SMA seed at index 3, then Wilder', () => {
    const h = [10, 11, 12, 11.5, 13, 12.8];
    const l = [8, 9, 9.5, 10, 10.5, 11];
    const c = [9, 10, 11, 10.5, 12.5, 11.2];
    // TR1 = 11 − 9 = 2; TR2 = 12 − 9.5 = 2.5; TR3 = 11.5 − 10 = 1.5; TR4 = 13 − 10.5 = 2.5;
    // TR5 = 12.8 − 11 = 1.8. ATR3 = (2 + 2.5 + 1.5) / 3 = 2; ATR4 = (2·2 + 2.5) / 3 = 2.1666…;
    // ATR5 = (2.1666…·2 + 1.8) / 3 = 2.0444…
    const out = talibAtr(h, l, c, 3);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBeCloseTo(2, 12);
    expect(out[4]).toBeCloseTo(6.5 / 3, 12);
    expect(out[5]).toBeCloseTo((13 / 3 + 1.8) / 3, 12);
  });
});

describe('FixedRiskRewardLoss stop rule', () => {
  const base = { openRate: 100, feeOpen: 0.001, feeClose: 0.001 };
  it('worked examples: initial stop, break-even, take-profit lock', () => {
    // Initial stop 95 (risk 5). At 101 the break-even trigger (5 + 101) / 101 − 1 = 4.95 % is not
    // reached: the stop stays at 95, i.e. 95 / 101 − 1 relative to the current rate.
    expect(riskRewardStop({ ...base, currentRate: 101, currentProfit: 0.008 }, 95)).toBeCloseTo(95 / 101 - 1, 12);
    // At 106 with 5.8 % profit ≥ (5 + 106) / 106 − 1 = 4.717 %: break-even, 100 · 1.002 / 106 − 1.
    expect(riskRewardStop({ ...base, currentRate: 106, currentProfit: 0.058 }, 95)).toBeCloseTo(100.2 / 106 - 1, 12);
    // Take-profit at 100 + 5 · 3.5 = 117.5 (17.5 %): at 120 with 19 % profit, 117.5 / 120 − 1.
    expect(riskRewardStop({ ...base, currentRate: 120, currentProfit: 0.19 }, 95)).toBeCloseTo(117.5 / 120 - 1, 12);
  });

  it('property: the implied stop price is the initial stop, break-even or the take-profit price', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (openRate, riskRatio, move) => {
          const initial = openRate * (1 - riskRatio);
          const currentRate = openRate * move;
          const currentProfit = currentRate / openRate - 1;
          const rel = riskRewardStop(
            { openRate, feeOpen: 0.001, feeClose: 0.001, currentRate, currentProfit },
            initial,
          );
          const price = currentRate * (1 + rel);
          const tp = openRate + (openRate - initial) * RISK_REWARD_RATIO;
          const candidates = [initial, openRate * 1.002, tp];
          expect(candidates.some((p) => Math.abs(price - p) <= 1e-9 * p)).toBe(true);
          if (currentProfit >= tp / openRate - 1) expect(price).toBeCloseTo(tp, 6);
        },
      ),
    );
  });
});

describe('FixedRiskRewardLoss custom_stoploss', () => {
  // 40 5m candles with a 1.0 high-low range around a slowly rising close.
  const candles: Candle[] = Array.from({ length: 40 }, (_, i) => {
    const close = 100 + 0.2 * i;
    return [T0 + i * 5 * MIN, close - 0.1, close + 0.5, close - 0.5, close, 10];
  });
  const strategy = new FixedRiskRewardLoss();
  const frame = analyze(strategy, candles, { pair: 'ETH/USDT', timeframe: '5m' });
  const trade = (openDate: number, openRate: number): TradeView => ({
    id: 1,
    pair: 'ETH/USDT',
    isShort: false,
    openRate,
    openDate,
    amount: 1,
    stakeAmount: openRate,
    leverage: 1,
    enterTag: null,
    feeOpen: 0.001,
    feeClose: 0.001,
  });

  it('sets stoploss_rate = close − 2·ATR(14), enters on every candle, never exits by signal', () => {
    const atr = talibAtr(
      candles.map((c) => c[2]),
      candles.map((c) => c[3]),
      candles.map((c) => c[4]),
      14,
    );
    frame.columns.stoploss_rate.forEach((v, i) => {
      if (atr[i] === null) expect(v).toBeNull();
      else expect(v as number).toBeCloseTo(candles[i][4] - 2 * (atr[i] as number), 12);
    });
    expect(frame.columns.enter_long.every((v) => v === 1)).toBe(true);
    expect(frame.columns.exit_long.every((v) => v === 0)).toBe(true);
  });

  it('takes the initial stop from the last candle dated at or before the open date', () => {
    // Opened at T0 + 102 min: candle 20 (T0 + 100 min) is the last one dated before.
    const openDate = T0 + 102 * MIN;
    const initial = frame.columns.stoploss_rate[20] as number;
    const t = trade(openDate, 104.1);
    const args = { pair: 'ETH/USDT', trade: t, currentTime: openDate, afterFill: false };
    const got = strategy.customStoploss({ ...args, currentRate: 104.2, currentProfit: 0.001 });
    expect(got).toBeCloseTo(riskRewardStop({ ...t, currentRate: 104.2, currentProfit: 0.001 }, initial), 12);
    expect(got).toBeCloseTo(initial / 104.2 - 1, 12);
    // A pair it never analysed, or an open date before its ATR warm-up: -1 (the stop stays).
    expect(strategy.customStoploss({ ...args, pair: 'XRP/USDT', currentRate: 1, currentProfit: 0 })).toBe(-1);
    const early = trade(T0 + 10 * MIN, 100.4);
    expect(strategy.customStoploss({ ...args, trade: early, currentRate: 101, currentProfit: 0 })).toBe(-1);
  });
});
